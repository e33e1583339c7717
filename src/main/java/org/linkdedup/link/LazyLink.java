package org.linkdedup.link;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Strength;
import org.linkdedup.objfile.Symbol;

/**
 * The lld models: {@link LinkerModel#LLD} (ld.lld for ELF, also mold) and
 * {@link LinkerModel#LLD_MACHO} (ld64.lld), after lld's {@code LazyArchive}/{@code LazyObject}
 * symbols.
 *
 * <p>Implemented:
 * <ul>
 * <li>Inputs are read in command-line order. An object is loaded: first all its definitions, then
 *     its references in symbol-table order (lld's {@code initializeSymbols} does defined symbols
 *     first).</li>
 * <li>Every name an archive member offers is remembered as lazy when the archive is read, unless
 *     the name is defined already or an earlier archive offered it: the first provider in
 *     command-line order wins, even for a reference made by a later file.</li>
 * <li>A reference to a lazy name fetches its member at once, and that member's references are
 *     followed before the next reference of the referring member (depth first, like lld's
 *     recursive fetch). When an archive is read and a name it offers is already referenced, the
 *     member is fetched there.</li>
 * <li>ld.lld: a weak reference does not fetch (a later strong one still does). ld64.lld: weak
 *     references fetch too.</li>
 * <li>{@code --whole-archive} / {@code -force_load}: every member is loaded where the archive
 *     stands, in member order. Groups are ignored: lld needs none.</li>
 * <li>ld.lld: ELF precedence strong &gt; common &gt; weak; of two strong definitions the first
 *     stays. ld64.lld: strong &gt; weak &gt; common, and a later strong definition replaces the
 *     earlier one ({@code SymbolTable::addDefined} records the duplicate and falls through to
 *     {@code replaceSymbol}), so the next duplicate pairs with the later one.</li>
 * <li>One {@code duplicate symbol:} diagnostic per (bound definition, new definition) pair, which
 *     is one per extra strong definition; the real linkers stop at {@code --error-limit} (20 by
 *     default), the model counts them all (as with {@code --error-limit=0}).</li>
 * <li>ld.lld 14 defaults to {@code --fortran-common}: when an archive is read and a name it offers
 *     is bound to a common definition, the member is fetched if it defines the name globally (not
 *     weak, not common; code counts too). Only when the archive comes after the common symbol: a
 *     common definition met later simply replaces the lazy name. (Checked with ld.lld 14: its
 *     {@code --why-extract} does not list these members, its {@code --trace} does.) ld64.lld
 *     fetches for undefined names only.</li>
 * </ul>
 *
 * <p>Not implemented: {@code --no-fortran-common}, shared libraries and dylibs,
 * {@code --warn-backrefs}, {@code -u}, LTO
 * (bitcode members are taken by their symbol tables), ld64.lld's {@code -dead_strip_duplicates},
 * {@code -ObjC} and {@code -all_load}, symbols of discarded COMDAT sections turning into
 * references (they are simply dropped), and the size rule between two common definitions.
 */
final class LazyLink extends LinkRun {
    private final boolean weakFetches;
    private final boolean fortranCommon;

    private LazyLink(List<LoadedInput> inputs, LinkOptions options, Resolution resolution, boolean weakFetches,
            boolean fortranCommon) {
        super(inputs, options, resolution);
        this.weakFetches = weakFetches;
        this.fortranCommon = fortranCommon;
    }

    static LazyLink lld(List<LoadedInput> inputs, LinkOptions options) {
        return new LazyLink(inputs, options, Resolution.ELF, false, true);
    }

    static LazyLink lldMachO(List<LoadedInput> inputs, LinkOptions options) {
        return new LazyLink(inputs, options, Resolution.LLD_MACHO, true, false);
    }

    @Override
    void run() {
        for (int i = 0; i < inputs.size(); i++) {
            LoadedInput in = inputs.get(i);
            if (!providers.isArchive(i)) {
                in.members().forEach(m -> fetch(m, LoadReason.object()));
            } else if (options.isWholeArchive(i)) {
                in.members().forEach(m -> fetch(m, LoadReason.forced()));
            } else {
                readLazily(in);
            }
        }
    }

    private void readLazily(LoadedInput archive) {
        for (InputMember m : archive.members()) {
            for (String name : providers.offered(m)) {
                if (isLoaded(m)) {
                    break;
                }
                SymbolState s = table.state(name);
                if (s.winner() != null) {
                    if (fortranCommon && s.winner().strength() == Strength.COMMON
                            && replacesCommon(m, name, true, false)) {
                        fetch(m, LoadReason.common(s.winner().member(), name));
                    }
                    continue;
                }
                if (s.lazy() != null) {
                    continue;
                }
                if (s.isStronglyReferenced()) {
                    fetch(m, LoadReason.reference(s.firstStrongReferrer(), name));
                } else if (weakFetches && s.isReferenced()) {
                    fetch(m, LoadReason.reference(s.firstReferrer(), name));
                } else {
                    s.setLazy(m);
                }
            }
        }
    }

    /** Loads {@code m} and follows its references depth first, without recursion. */
    private void fetch(InputMember m, LoadReason reason) {
        if (!load(m, reason, false)) {
            return;
        }
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(m));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            Symbol ref = f.next();
            if (ref == null) {
                stack.pop();
                continue;
            }
            SymbolState s = table.reference(ref.name(), f.member.id(), ref.isWeak());
            InputMember provider = s.lazy();
            if (s.winner() == null && provider != null && (weakFetches || !ref.isWeak())
                    && load(provider, LoadReason.reference(f.member.id(), ref.name()), false)) {
                stack.push(new Frame(provider));
            }
        }
    }

    /** A member whose references are being followed. */
    private static final class Frame {
        final InputMember member;
        private final List<Symbol> symbols;
        private int next;

        Frame(InputMember member) {
            this.member = member;
            this.symbols = member.undefinedKnown() ? member.symbols() : List.of();
        }

        /** The next external undefined symbol, or null. */
        Symbol next() {
            while (next < symbols.size()) {
                Symbol s = symbols.get(next++);
                if (s.isUndefined() && s.isExternal()) {
                    return s;
                }
            }
            return null;
        }
    }
}
