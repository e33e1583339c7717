package org.linkdedup.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolEdits;

/** What the symbol editors' rewrite-then-read fuzz targets share: the request picked, the symbols expected back. */
final class EditRoundTrip {
    private EditRoundTrip() {
    }

    /** Up to eight external definitions, each weakened, localized or left, as {@code selector}'s bit pairs pick. */
    static SymbolEdits request(List<Symbol> symbols, int selector) {
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

    /**
     * The input's symbols with the request applied to their bindings; {@code localizeClearsHidden}
     * when localizing also drops a private-extern mark (Mach-O {@code N_PEXT}: visibility DEFAULT).
     */
    static List<Symbol> expected(List<Symbol> before, SymbolEdits request, boolean localizeClearsHidden) {
        List<Symbol> out = new ArrayList<>(before.size());
        for (Symbol s : before) {
            Symbol.Binding b = s.binding();
            Symbol.Visibility v = s.visibility();
            if (s.isDefined() && request.weaken().contains(s.name()) && b == Symbol.Binding.GLOBAL) {
                b = Symbol.Binding.WEAK;
            } else if (s.isDefined() && request.localize().contains(s.name()) && s.isExternal()) {
                b = Symbol.Binding.LOCAL;
                v = localizeClearsHidden ? Symbol.Visibility.DEFAULT : v;
            }
            out.add(new Symbol(s.name(), s.definition(), b, s.type(), s.size(), s.section(), s.sectionKind(), v, s.comdat()));
        }
        return out;
    }

    /** An editor under test: {@code ElfEditor::edit}, {@code MachOEditor::edit}. */
    interface Editor {
        byte[] edit(org.linkdedup.io.ByteView bytes, SymbolEdits request);
    }

    /**
     * The edit of {@code bytes} (a readable object) with {@code request}, checked to keep the size;
     * null when the editor refuses (with a reason) or finds the input malformed where only it reads.
     */
    static byte[] editOrNull(byte[] bytes, SymbolEdits request, Editor editor) {
        byte[][] edited = new byte[1][];
        boolean accepted;
        try {
            accepted = ReaderContract.accepts("fuzz.o", bytes.length,
                    () -> edited[0] = editor.edit(org.linkdedup.io.ByteView.of(bytes, "fuzz.o"), request));
        } catch (org.linkdedup.objfile.SymbolEditRefusedException e) {
            check(!e.refusals().isEmpty(), "a refusal without a reason");
            return null;
        }
        if (!accepted) {
            return null;   // malformed in a part only the editor reads: reported like any bad input
        }
        check(edited[0].length == bytes.length, "size changed from " + bytes.length + " to " + edited[0].length);
        return edited[0];
    }

    static List<String> sorted(List<Symbol> symbols) {
        return symbols.stream().map(Symbol::toString).sorted().toList();
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("rewrite round trip: " + what);
        }
    }
}
