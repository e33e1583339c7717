package org.linkdedup.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linkdedup.archive.ArchiveMember;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolEditors;
import org.linkdedup.objfile.SymbolEdits;

/**
 * The inputs of a link as they will be once some members' symbols are rewritten: each edited
 * member's external definitions of the requested names weakened ({@link Symbol.Binding#WEAK}) or
 * localized ({@link Symbol.Binding#LOCAL}), exactly what {@code ElfEditor}, {@code MachOEditor} and {@code CoffEditor}
 * write, so that the simulated link is the link of the written archives. An archive with an
 * edited member is written with a fresh index ({@link LoadedInput#freshIndex()}): a localized
 * name is no longer offered to the archive search.
 */
public final class EditedInputs {
    private EditedInputs() {
    }

    /** {@code inputs} with {@code edits} applied; the same list when there are none. */
    public static List<LoadedInput> of(List<LoadedInput> inputs, Map<MemberId, SymbolEdits> edits) {
        if (edits.isEmpty()) {
            return inputs;
        }
        Map<Integer, Map<Integer, SymbolEdits>> byInput = new HashMap<>();
        edits.forEach((id, e) -> byInput.computeIfAbsent(id.input(), k -> new HashMap<>()).put(id.position(), e));
        List<LoadedInput> out = new ArrayList<>(inputs.size());
        for (LoadedInput in : inputs) {
            Map<Integer, SymbolEdits> mine = byInput.get(in.index());
            if (mine == null) {
                out.add(in);
                continue;
            }
            List<InputMember> members = new ArrayList<>(in.members());
            mine.forEach((pos, e) -> members.set(pos, edited(members.get(pos), e)));
            out.add(in.rewritten(members));
        }
        return out;
    }

    /**
     * Why the symbols of {@code m}, a member of {@code in}, cannot be rewritten at all, or null when
     * they can: only members of regular archives are (a rewritten member goes into a copy of its
     * archive), in a format with an editor ({@link SymbolEditors}).
     */
    public static String cannotRewrite(LoadedInput in, InputMember m) {
        if (!in.isArchive()) {
            return "a plain object file (only archive members are rewritten, into a copy of their archive)";
        }
        if (in.archive().isThin()) {
            return "a member of a thin archive (its file is not ours to rewrite)";
        }
        return SymbolEditors.cannotEdit(m.object());
    }

    /**
     * The bytes of {@code m}, a member of the archive {@code in}, with {@code e} applied by its
     * format's editor; the input is not modified.
     *
     * @throws org.linkdedup.objfile.SymbolEditRefusedException when the editor refuses
     */
    public static byte[] rewrittenBytes(LoadedInput in, InputMember m, SymbolEdits e) {
        ArchiveMember am = in.archive().members().get(m.id().position());
        return SymbolEditors.edit(in.archive().data(am), e);
    }

    /**
     * Whether {@code e} can be applied to {@code m}, a member of the archive {@code in}: throws what
     * {@link #rewrittenBytes} would, without keeping (for ELF weakening, without making) the bytes.
     *
     * @throws org.linkdedup.objfile.SymbolEditRefusedException when the editor refuses
     */
    public static void checkRewrite(LoadedInput in, InputMember m, SymbolEdits e) {
        ArchiveMember am = in.archive().members().get(m.id().position());
        SymbolEditors.check(in.archive().data(am), e);
    }

    /**
     * What decides {@code m}'s rewritten bytes under {@code e}, and whether its editor takes them:
     * its bytes ({@link InputMember#bytesKey}) and the edits. Equal keys, equal results.
     */
    public static Object rewriteKey(InputMember m, SymbolEdits e) {
        return List.of(m.bytesKey(), e);
    }

    /** {@code m} with {@code e} applied to its symbols. */
    public static InputMember edited(InputMember m, SymbolEdits e) {
        List<Symbol> syms = new ArrayList<>(m.symbols().size());
        for (Symbol s : m.symbols()) {
            if (s.isExternalDefinition() && e.localize().contains(s.name())) {
                s = s.withBinding(Symbol.Binding.LOCAL);
            } else if (s.isExternalDefinition() && e.weaken().contains(s.name())) {
                s = s.withBinding(Symbol.Binding.WEAK);
            }
            syms.add(s);
        }
        return m.withSymbols(syms);
    }
}
