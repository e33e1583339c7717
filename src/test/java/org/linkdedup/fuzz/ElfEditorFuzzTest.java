package org.linkdedup.fuzz;

import static org.linkdedup.fuzz.EditRoundTrip.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.io.ByteView;
import org.linkdedup.objfile.ElfEditor;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.ObjectFiles;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolEditRefusedException;
import org.linkdedup.objfile.SymbolEdits;

/**
 * Rewrite, then read (issue 16): an ELF object the reader accepts gets some of its defined external
 * symbols weakened and some localized, chosen by the last input byte. The editor either refuses
 * (with a reason) or returns bytes of the same size that the reader accepts, whose symbols are the
 * input's with exactly the requested bindings changed (as a multiset by name: localizing reorders
 * the table), and editing the result again with the same request changes nothing (idempotent).
 * Seeds: the ELF objects of the reader's target ({@code ElfReaderFuzzTestInputs}) copied here.
 */
class ElfEditorFuzzTest {
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void rewriteThenRead(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN || data.length == 0) {
            return;
        }
        byte[] bytes = data.clone();
        System.arraycopy(MAGIC, 0, bytes, 0, Math.min(MAGIC.length, bytes.length));
        ObjectFile[] read = new ObjectFile[1];
        if (!ReaderContract.accepts("fuzz.o", bytes.length, () -> read[0] = ObjectFiles.read(ByteView.of(bytes, "fuzz.o"), new NameInterner()))) {
            return;
        }
        SymbolEdits request = request(read[0].symbols(), data[data.length - 1] & 0xff);
        byte[] edit = editOrNull(bytes, request, ElfEditor::edit);
        if (edit == null) {
            return;
        }
        byte[][] edited = {edit};
        ObjectFile after = ObjectFiles.read(ByteView.of(edited[0], "edited.o"), new NameInterner());
        check(sorted(expected(read[0].symbols(), request, false)).equals(sorted(after.symbols())),
                "symbols after the edit are not the input's with the requested bindings changed");
        byte[] again = ElfEditor.edit(ByteView.of(edited[0], "edited.o"), request);
        check(Arrays.equals(again, edited[0]), "editing twice differs from editing once");
    }
}
