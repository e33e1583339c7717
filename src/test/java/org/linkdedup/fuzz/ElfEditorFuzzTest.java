package org.linkdedup.fuzz;

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
        byte[][] edited = new byte[1][];
        boolean accepted;
        try {
            accepted = ReaderContract.accepts("fuzz.o", bytes.length, () -> edited[0] = ElfEditor.edit(ByteView.of(bytes, "fuzz.o"), request));
        } catch (SymbolEditRefusedException e) {
            check(!e.refusals().isEmpty(), "a refusal without a reason");
            return;
        }
        if (!accepted) {
            return;   // malformed in a part only the editor reads: reported like any bad input
        }
        check(edited[0].length == bytes.length, "size changed from " + bytes.length + " to " + edited[0].length);
        ObjectFile after = ObjectFiles.read(ByteView.of(edited[0], "edited.o"), new NameInterner());
        check(sorted(expected(read[0].symbols(), request)).equals(sorted(after.symbols())),
                "symbols after the edit are not the input's with the requested bindings changed");
        byte[] again = ElfEditor.edit(ByteView.of(edited[0], "edited.o"), request);
        check(Arrays.equals(again, edited[0]), "editing twice differs from editing once");
    }

    /** Up to two external definitions to weaken and two to localize, picked by {@code selector}. */
    private static SymbolEdits request(List<Symbol> symbols, int selector) {
        List<String> names = new ArrayList<>();
        for (Symbol s : symbols) {
            if (s.isExternalDefinition() && s.binding() != Symbol.Binding.UNIQUE && s.definition() == Symbol.Definition.DEFINED
                    && !names.contains(s.name())) {
                names.add(s.name());
            }
        }
        Set<String> weaken = new LinkedHashSet<>();
        Set<String> localize = new LinkedHashSet<>();
        for (int i = 0; i < names.size() && i < 8; i++) {
            int pick = selector >> (i % 4 * 2) & 3;
            if (pick == 1) {
                weaken.add(names.get(i));
            } else if (pick == 2 && !weaken.contains(names.get(i))) {
                localize.add(names.get(i));
            }
        }
        return new SymbolEdits(weaken, localize);
    }

    /** The input's symbols with the request applied to their bindings. */
    private static List<Symbol> expected(List<Symbol> before, SymbolEdits request) {
        List<Symbol> out = new ArrayList<>(before.size());
        for (Symbol s : before) {
            Symbol.Binding b = s.binding();
            if (s.isDefined() && request.weaken().contains(s.name()) && b == Symbol.Binding.GLOBAL) {
                b = Symbol.Binding.WEAK;
            } else if (s.isDefined() && request.localize().contains(s.name()) && s.isExternal()) {
                b = Symbol.Binding.LOCAL;
            }
            out.add(new Symbol(s.name(), s.definition(), b, s.type(), s.size(), s.section(), s.sectionKind(), s.visibility(),
                    s.comdat()));
        }
        return out;
    }

    private static List<String> sorted(List<Symbol> symbols) {
        return symbols.stream().map(Symbol::toString).sorted().toList();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("rewrite round trip: " + what);
        }
    }
}
