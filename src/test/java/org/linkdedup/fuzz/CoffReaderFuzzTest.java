package org.linkdedup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFiles;

/**
 * The COFF reader (regular and /bigobj objects, short import members, other anonymous objects) on
 * arbitrary bytes; inputs whose first bytes are neither a COFF machine nor the anonymous header's
 * signature are skipped. Seeds: tiny objects from clang-19 (x86-64, ARM64, i386, a COMDAT), a
 * mingw-w64 /bigobj object and a short import member, in {@code CoffReaderFuzzTestInputs/coffReader/}.
 */
class CoffReaderFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void coffReader(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN) {
            return;
        }
        ByteView view = ByteView.of(data, "fuzz.obj");
        FileMagic format = FileMagic.of(view);
        if (format != FileMagic.COFF && format != FileMagic.COFF_IMPORT) {
            return;
        }
        ReaderContract.accepts("fuzz.obj", data.length,
                () -> ReaderContract.consume(ObjectFiles.read(view, new NameInterner())));
        ReaderContract.accepts("fuzz.obj", data.length,
                () -> ReaderContract.consume(ObjectFiles.read(view, new NameInterner(), false)));
    }
}
