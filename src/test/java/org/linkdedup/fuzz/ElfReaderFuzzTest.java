package org.linkdedup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFiles;

/**
 * The ELF symbol table reader on arbitrary bytes behind an ELF magic. Seeds: the ELF objects of
 * testdata/small (32/64-bit, both byte orders) and a small SHN_XINDEX object; regression inputs in
 * {@code ElfReaderFuzzTestInputs/elfReader/}.
 */
class ElfReaderFuzzTest {
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void elfReader(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN) {
            return;
        }
        byte[] bytes = data.clone();
        System.arraycopy(MAGIC, 0, bytes, 0, Math.min(MAGIC.length, bytes.length));
        ByteView view = ByteView.of(bytes, "fuzz.o");
        ReaderContract.accepts("fuzz.o", bytes.length,
                () -> ReaderContract.consume(ObjectFiles.read(view, new NameInterner())));
    }
}
