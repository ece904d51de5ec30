package org.ooni.analysis.citizenlab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListFileTest {
    @ParameterizedTest
    @CsvSource(nullValues = "NONE", textBlock = """
            global.csv, ZZ
            it.csv, it
            IR.csv, IR
            ir.csv, ir
            cis.csv, NONE
            00-LEGEND-new_category_codes.csv, NONE
            ir.txt, NONE
            i.csv, NONE
            1r.csv, NONE
            .csv, NONE
            """)
    void mapsFileNamesToCountryCodes(String file, String cc) {
        assertEquals(Optional.ofNullable(cc), ListFile.ccOf(file));
    }
}
