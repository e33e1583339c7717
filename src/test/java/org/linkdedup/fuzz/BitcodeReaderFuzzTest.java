package org.linkdedup.fuzz;

import org.linkdedup.io.FileMagic;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFiles;

/**
 * The LLVM bitcode reader (bitstream cursor, top-level scan, irsymtab) through
 * {@link ObjectFiles#read}, on arbitrary bytes that start with a raw or wrapper bitcode magic.
 * Seeds: the bitcode files of testdata/small and the bitcode member of a rustc staticlib.
 */
class BitcodeReaderFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void bitcodeReader(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN) {
            return;
        }
        ByteView view = ByteView.of(data, "fuzz.bc");
        if (FileMagic.of(view) != FileMagic.BITCODE) {
            return;
        }
        ReaderContract.accepts("fuzz.bc", data.length,
                () -> ReaderContract.consume(ObjectFiles.read(view, new NameInterner())));
    }
}
