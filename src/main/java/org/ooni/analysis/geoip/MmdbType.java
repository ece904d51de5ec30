package org.ooni.analysis.geoip;

/** The data type codes of the MMDB format's data section, shared by the metadata decoder and the tests' writer. */
final class MmdbType {
    static final int POINTER = 1;
    static final int UTF8 = 2;
    static final int DOUBLE = 3;
    static final int BYTES = 4;
    static final int UINT16 = 5;
    static final int UINT32 = 6;
    static final int MAP = 7;
    static final int INT32 = 8;
    static final int UINT64 = 9;
    static final int UINT128 = 10;
    static final int ARRAY = 11;
    static final int BOOLEAN = 14;
    static final int FLOAT = 15;

    private MmdbType() {
    }
}
