package org.ooni.analysis.backup;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import org.ooni.analysis.csv.CsvRecord;
import org.ooni.analysis.error.InvalidInput;
import org.ooni.analysis.store.Column;

/** Turns one CSV record of a backup object into the typed values {@code Warehouse.insertRows} takes. */
final class CsvRowDecoder {
    private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter();

    private final List<Column> columns;
    private final String object;

    CsvRowDecoder(List<Column> columns, String object) {
        this.columns = List.copyOf(columns);
        this.object = object;
    }

    Object[] decode(CsvRecord r) {
        if (r.size() != columns.size()) {
            throw new InvalidInput(object, r.line(), 0, "expected " + columns.size() + " fields, got " + r.size());
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            String f = r.get(i);
            try {
                row[i] = switch (columns.get(i).type().kind()) {
                    case STRING, ENUM8 -> f;
                    // ClickHouse pads FixedString with NULs in its output; inserting pads them again where needed
                    case FIXED_STRING -> stripNuls(f);
                    case UINT8 -> Integer.parseInt(f);
                    case UINT32, INT64 -> Long.parseLong(f);
                    case FLOAT32 -> Float.parseFloat(special(f));
                    case FLOAT64 -> Double.parseDouble(special(f));
                    case DATE -> LocalDate.parse(f);
                    case DATETIME -> LocalDateTime.parse(f, DATETIME).toInstant(ZoneOffset.UTC);
                };
            } catch (RuntimeException e) {
                throw new InvalidInput(object, r.line(), r.column(i), "column " + columns.get(i).name() + ": bad "
                        + columns.get(i).type().kind() + " value '" + f + "'");
            }
        }
        return row;
    }

    private static String stripNuls(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    private static String special(String f) {
        return switch (f) {
            case "inf", "+inf" -> "Infinity";
            case "-inf" -> "-Infinity";
            case "nan", "-nan" -> "NaN";
            default -> f;
        };
    }
}
