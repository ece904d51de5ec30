package org.ooni.analysis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TsvPaddingTrimmerTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            cc{T}n{N}ZZ{B}0{B}0{B}0{T}3{N}  | cc{T}n{N}ZZ{T}3{N}
            ir{B}0{B}0{N}                   | ir{N}
            a{B}0b{N}                       | a{B}0b{N}
            a{B}{B}0{N}                     | a{B}{B}0{N}
            a{B}t{B}0{B}0{T}x{B}0y{B}0{N}   | a{B}t{T}x{B}0y{N}
            plain{T}text{N}                 | plain{T}text{N}
            """)
    void dropsOnlyTrailingNulEscapes(String input, String expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TsvPaddingTrimmer t = new TsvPaddingTrimmer(out)) {
            t.write(expand(input).getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(expand(expected), out.toString(StandardCharsets.UTF_8));
    }

    private static String expand(String s) {
        return s.strip().replace("{T}", "\t").replace("{N}", "\n").replace("{B}", "\\");
    }
}
