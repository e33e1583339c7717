package org.linkdedup.archive;

import java.nio.charset.StandardCharsets;

/** The ar container's fixed layout. */
final class ArFormat {
    private ArFormat() {
    }

    static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] THIN_MAGIC = "!<thin>\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int MAGIC_SIZE = 8;
    static final int HEADER_SIZE = 60;

    // Header fields: offset and width.
    static final int NAME = 0, NAME_LEN = 16;
    static final int DATE = 16, DATE_LEN = 12;
    static final int UID = 28, UID_LEN = 6;
    static final int GID = 34, GID_LEN = 6;
    static final int MODE = 40, MODE_LEN = 8;
    static final int SIZE = 48, SIZE_LEN = 10;
    static final int FMAG = 58;
    static final byte[] FMAG_BYTES = "`\n".getBytes(StandardCharsets.ISO_8859_1);

    static final String BSD_NAME_PREFIX = "#1/";
}
