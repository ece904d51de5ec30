package com.google.re2j;

/**
 * Hands RE2/J's compiled program (its Thompson NFA) to code outside the package, read-only, for a DFA over bytes.
 *
 * <p>Why this file lives in RE2/J's package: RE2/J matches with an NFA simulation only, which is linear but costs
 * 0.1-3 s per MB for the patterns a hostile fingerprint file would carry, and it keeps its parser and program
 * package-private. Reading the program here reuses its parser (the same syntax that {@link Pattern#compile} accepts)
 * instead of writing a second one; nothing in RE2/J is changed or called beyond compiling.
 */
public final class ProgramExport {
    /** Instruction codes of {@link Program#op()}. */
    public static final int ALT = Inst.ALT;
    public static final int ALT_MATCH = Inst.ALT_MATCH;
    public static final int CAPTURE = Inst.CAPTURE;
    public static final int EMPTY_WIDTH = Inst.EMPTY_WIDTH;
    public static final int FAIL = Inst.FAIL;
    public static final int MATCH = Inst.MATCH;
    public static final int NOP = Inst.NOP;
    /** Every instruction that consumes one character; {@link Program#accepts()} says which of 0..255. */
    public static final int RUNE = Inst.RUNE;
    public static final int RUNE1 = Inst.RUNE1;
    public static final int RUNE_ANY = Inst.RUNE_ANY;
    public static final int RUNE_ANY_NOT_NL = Inst.RUNE_ANY_NOT_NL;

    /** Flags of an {@link #EMPTY_WIDTH} instruction's {@code arg}: the conditions that must all hold. */
    public static final int BEGIN_LINE = Utils.EMPTY_BEGIN_LINE;
    public static final int END_LINE = Utils.EMPTY_END_LINE;
    public static final int BEGIN_TEXT = Utils.EMPTY_BEGIN_TEXT;
    public static final int END_TEXT = Utils.EMPTY_END_TEXT;
    public static final int WORD_BOUNDARY = Utils.EMPTY_WORD_BOUNDARY;
    public static final int NO_WORD_BOUNDARY = Utils.EMPTY_NO_WORD_BOUNDARY;

    private ProgramExport() {
    }

    /**
     * A program: the start instruction, and per instruction its code, its next instruction, its second next
     * ({@code ALT}) or its flags ({@code EMPTY_WIDTH}), and for character instructions the set of characters
     * 0..255 it accepts as four 64-bit words (null for the others).
     */
    public record Program(int start, int[] op, int[] out, int[] arg, long[][] accepts) {
    }

    /** Compiles with RE2/J's default (Perl) flags; throws {@link PatternSyntaxException} for what RE2 refuses. */
    public static Program compile(String regex) {
        Prog prog = Pattern.compile(regex).re2().prog;
        int n = prog.numInst();
        int[] op = new int[n];
        int[] out = new int[n];
        int[] arg = new int[n];
        long[][] accepts = new long[n][];
        for (int pc = 0; pc < n; pc++) {
            Inst inst = prog.getInst(pc);
            op[pc] = inst.op;
            out[pc] = inst.out;
            arg[pc] = inst.arg;
            if (Inst.isRuneOp(inst.op)) {
                long[] set = new long[4];
                for (int c = 0; c < 256; c++) {
                    boolean yes = switch (inst.op) {
                        case Inst.RUNE, Inst.RUNE1 -> inst.matchRune(c);
                        case Inst.RUNE_ANY -> true;
                        default -> c != '\n';
                    };
                    if (yes) {
                        set[c >>> 6] |= 1L << c;
                    }
                }
                accepts[pc] = set;
            }
        }
        return new Program(prog.start, op, out, arg, accepts);
    }
}
