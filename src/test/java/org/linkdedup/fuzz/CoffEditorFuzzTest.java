package org.linkdedup.fuzz;

import static org.linkdedup.fuzz.EditRoundTrip.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.io.ByteView;
import org.linkdedup.io.FileMagic;
import org.linkdedup.objfile.CoffEditor;
import org.linkdedup.objfile.NameInterner;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.ObjectFiles;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolEdits;

/**
 * Rewrite, then read, for COFF (the counterpart of {@link ElfEditorFuzzTest}): a COFF object or
 * anonymous member the reader accepts gets up to eight of its defined external symbols weakened,
 * localized, or localized in place of weakening ({@link SymbolEdits#unreferenced()}), as the last
 * input byte's bit pairs pick. The editor either refuses (with a reason; a weakening of a strong
 * definition always is), or rejects the input as malformed in a part only it reads (relocations,
 * {@code .drectve}, overlapping ranges), or returns bytes of the same size that the reader accepts,
 * whose symbols are the input's with exactly the localized ones {@code LOCAL}, in the same order;
 * every byte but the storage classes is unchanged, and editing the result again with the same
 * request changes nothing (idempotent).
 *
 * <p>Seeds ({@code CoffEditorFuzzTestInputs/rewriteThenRead/}): the COFF reader's seeds (clang-19
 * x86-64, ARM64, i386 and COMDAT objects, a mingw-w64 /bigobj object, a short import member), each
 * with one selector byte appended ({@code edit-aa}: localize every name; {@code edit-ff}: every
 * name in place of weakening; {@code edit-99}: a mix with weakening).
 */
class CoffEditorFuzzTest {
    @FuzzTest(maxDuration = FuzzSettings.DEFAULT_DURATION)
    void rewriteThenRead(byte[] data) throws Exception {
        ReaderContract.target(() -> run(data));
    }

    private static void run(byte[] data) {
        if (data.length > FuzzSettings.MAX_LEN || data.length == 0) {
            return;
        }
        byte[] bytes = data.clone();
        FileMagic magic = FileMagic.of(ByteView.of(bytes, "fuzz.obj"));
        if (magic != FileMagic.COFF && magic != FileMagic.COFF_IMPORT) {
            return;
        }
        ObjectFile[] read = new ObjectFile[1];
        if (!ReaderContract.accepts("fuzz.obj", bytes.length, () -> read[0] = ObjectFiles.read(ByteView.of(bytes, "fuzz.obj"), new NameInterner()))) {
            return;
        }
        SymbolEdits request = request(read[0].symbols(), data[data.length - 1] & 0xff);
        byte[] edit = editOrNull(bytes, request, CoffEditor::edit);
        if (edit == null) {
            return;
        }
        check(!request.weaken().stream().anyMatch(n -> read[0].symbols().stream()
                .anyMatch(s -> s.name().equals(n) && s.binding() == Symbol.Binding.GLOBAL)), "a strong COFF definition was weakened");
        ObjectFile after = ObjectFiles.read(ByteView.of(edit, "edited.obj"), new NameInterner());
        check(expected(read[0].symbols(), request, false).equals(after.symbols()),
                "symbols after the edit are not the input's with the requested bindings changed");
        for (int i = 0; i < bytes.length; i++) {
            check(bytes[i] == edit[i] || edit[i] == 3 && bytes[i] == 2, "byte " + i + " changed other than EXTERNAL to STATIC");
        }
        byte[] again = CoffEditor.edit(ByteView.of(edit, "edited.obj"), request);
        check(Arrays.equals(again, edit), "editing twice differs from editing once");
    }

    /** {@link EditRoundTrip#request}'s names, each left (0), weakened (1), localized (2) or localized in place of weakening (3). */
    private static SymbolEdits request(List<Symbol> symbols, int selector) {
        List<String> names = new ArrayList<>();
        for (Symbol s : symbols) {
            if (s.isExternalDefinition() && !names.contains(s.name())) {
                names.add(s.name());
            }
        }
        Set<String> weaken = new LinkedHashSet<>();
        Set<String> localize = new LinkedHashSet<>();
        Set<String> unreferenced = new LinkedHashSet<>();
        for (int i = 0; i < names.size() && i < 8; i++) {
            switch (selector >> (i % 4 * 2) & 3) {
                case 1 -> weaken.add(names.get(i));
                case 2 -> localize.add(names.get(i));
                case 3 -> {
                    localize.add(names.get(i));
                    unreferenced.add(names.get(i));
                }
                default -> {
                }
            }
        }
        return new SymbolEdits(weaken, localize, unreferenced);
    }
}
