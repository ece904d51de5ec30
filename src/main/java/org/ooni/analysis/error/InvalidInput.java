package org.ooni.analysis.error;

/** Input that breaks a rule of its format, located by file, line and column (0 when not known). Exit 4. */
public final class InvalidInput extends AnalysisException {
    private final String file;
    private final long line;
    private final long column;
    private final String rule;

    public InvalidInput(String file, long line, long column, String rule) {
        this(file, line, column, rule, null);
    }

    public InvalidInput(String file, long line, long column, String rule, Throwable cause) {
        super(location(file, line, column) + ": " + rule, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.rule = rule;
    }

    private static String location(String file, long line, long column) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        return b.toString();
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    public String rule() {
        return rule;
    }

    @Override
    public int exitCode() {
        return 4;
    }

    @Override
    public String kind() {
        return "invalid input";
    }
}
