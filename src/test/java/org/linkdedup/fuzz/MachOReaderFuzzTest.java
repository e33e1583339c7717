package org.linkdedup.fuzz;

import org.linkdedup.io.FileMagic;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFiles;

/**
 * The Mach-O reader, thin (32/64-bit, either byte order) and universal, on arbitrary bytes; inputs
 * whose magic is neither are skipped. Seeds: the Mach-O objects of testdata/small, universal.o
 * included.
 */
class MachOReaderFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void machOReader(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN) {
            return;
        }
        ByteView view = ByteView.of(data, "fuzz.o");
        FileMagic format = FileMagic.of(view);
        if (!format.isMachO()) {
            return;
        }
        ReaderContract.accepts("fuzz.o", data.length,
                () -> ReaderContract.consume(ObjectFiles.read(view, new NameInterner())));
    }
}
