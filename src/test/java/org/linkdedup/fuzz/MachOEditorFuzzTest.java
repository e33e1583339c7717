package org.linkdedup.fuzz;

import static org.linkdedup.fuzz.EditRoundTrip.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.objfile.MachOEditor;
import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.ObjectFiles;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolEditRefusedException;
import org.linkdedup.objfile.SymbolEdits;
import org.linkdedup.objfile.UniversalObject;

/**
 * Rewrite, then read, for Mach-O (the counterpart of {@link ElfEditorFuzzTest}): a thin or
 * universal Mach-O file the reader accepts gets some of its defined external symbols weakened and
 * some localized, chosen by the last input byte among the names of the (first slice's) symbols.
 * The editor either refuses (with a reason), or rejects the input as malformed in a part only it
 * reads ({@link org.linkdedup.io.InputFormatException}, as the reader words it), or returns bytes
 * of the same size that the reader accepts: as many slices, each with the input's symbols (as a
 * multiset: localizing reorders the table) but for exactly the requested bindings (a localized
 * private extern is no longer hidden); for a universal file every byte outside the slices is
 * unchanged. Editing the result again with the same request changes nothing (idempotent).
 *
 * <p>Seeds ({@code MachOEditorFuzzTestInputs/rewriteThenRead/}): the source of {@code ASM} in
 * {@code objfile.MachOEditorTest} (external relocations, a weak definition, a private extern, a
 * common, an absolute, indirect symbols) assembled by {@code llvm-mc -filetype=obj} for
 * {@code x86_64-apple-macos11} and {@code arm64-apple-macos11}, and the two in one universal file
 * ({@code llvm-lipo-19 -create x86_64.o arm64.o -segalign x86_64 10 -segalign arm64 10}: 16-byte
 * alignment keeps it small), each with a selector byte appended ({@code edit66}, {@code edit99})
 * so that every replay weakens and localizes.
 */
class MachOEditorFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void rewriteThenRead(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN || data.length == 0) {
            return;
        }
        byte[] bytes = data.clone();
        if (!FileMagic.of(ByteView.of(bytes, "fuzz.o")).isMachO()) {
            return;
        }
        ObjectFile[] read = new ObjectFile[1];
        if (!ReaderContract.accepts("fuzz.o", bytes.length, () -> read[0] = ObjectFiles.read(ByteView.of(bytes, "fuzz.o"), new NameInterner()))) {
            return;
        }
        SymbolEdits request = request(read[0].symbols(), data[data.length - 1] & 0xff);
        byte[] edit = editOrNull(bytes, request, MachOEditor::edit);
        if (edit == null) {
            return;
        }
        byte[][] edited = {edit};
        ObjectFile after = ObjectFiles.read(ByteView.of(edited[0], "edited.o"), new NameInterner());
        List<MachOObject> slicesBefore = slices(read[0]);
        List<MachOObject> slicesAfter = slices(after);
        check(slicesBefore.size() == slicesAfter.size(), "slices changed from " + slicesBefore.size() + " to " + slicesAfter.size());
        for (int k = 0; k < slicesBefore.size(); k++) {
            List<Symbol> was = slicesBefore.get(k).symbols();
            List<Symbol> is = slicesAfter.get(k).symbols();
            check(was.size() == is.size(), "slice " + k + ": " + was.size() + " symbols became " + is.size());
            check(sorted(expected(was, request, true)).equals(sorted(is)),
                    "slice " + k + ": symbols after the edit are not the input's with the requested bindings changed");
        }
        if (read[0] instanceof UniversalObject) {
            checkOutsideSlicesUnchanged(bytes, edited[0]);
        }
        byte[] again = MachOEditor.edit(ByteView.of(edited[0], "edited.o"), request);
        check(Arrays.equals(again, edited[0]), "editing twice differs from editing once");
    }

    private static List<MachOObject> slices(ObjectFile o) {
        return o instanceof UniversalObject u ? u.slices() : List.of((MachOObject) o);
    }

    /** Every byte of a universal file outside its slices (as its fat header, read here, gives them) is as it was. */
    private static void checkOutsideSlicesUnchanged(byte[] before, byte[] after) {
        ByteBuffer b = ByteBuffer.wrap(before).order(ByteOrder.BIG_ENDIAN);
        boolean is64 = b.getInt(0) == 0xcafebabf;
        boolean[] inSlice = new boolean[before.length];
        for (int i = 0; i < b.getInt(4); i++) {
            int p = 8 + i * (is64 ? 32 : 20);
            long off = is64 ? b.getLong(p + 8) : Integer.toUnsignedLong(b.getInt(p + 8));
            long size = is64 ? b.getLong(p + 16) : Integer.toUnsignedLong(b.getInt(p + 12));
            Arrays.fill(inSlice, (int) off, (int) (off + size), true);   // the editor checked that it fits
        }
        for (int k = 0; k < before.length; k++) {
            check(inSlice[k] || before[k] == after[k], "byte " + k + ", outside the slices, changed");
        }
    }
}
