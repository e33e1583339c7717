package org.linkdedup.link;

import java.util.List;
import org.linkdedup.link.LinkOrder.InputRange;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Strength;

/**
 * The GNU ld (ld.bfd, also gold) model, after bfd's {@code elf_link_add_archive_symbols}.
 *
 * <p>Implemented:
 * <ul>
 * <li>Inputs are read in command-line order. An object is always loaded.</li>
 * <li>An archive is scanned when it is reached: its members are visited in index order, and one
 *     is loaded when a name it offers is undefined and referenced strongly (a weak reference does
 *     not pull). The scan repeats until a whole pass loads nothing; the archive is never visited
 *     again, so a later object's reference cannot pull from an earlier archive.</li>
 * <li>A member is also loaded when a name it offers is bound to a common definition and the member
 *     defines it as global, non-weak data (not code, not common): bfd's
 *     {@code elf_link_is_defined_archive_symbol}. Checked with binutils 2.40.</li>
 * <li>{@code --start-group}/{@code --end-group}: the inputs of the group are read in order, then
 *     the group's archives are rescanned until a whole pass loads nothing.</li>
 * <li>{@code --whole-archive}: every member is loaded where the archive stands, in member order.</li>
 * <li>Precedence: strong &gt; common &gt; weak; two strong definitions clash and the first stays
 *     (what {@code -z muldefs} binds to). One {@code multiple definition of} diagnostic per extra
 *     definition.</li>
 * </ul>
 *
 * <p>Not implemented: shared libraries (a definition in a {@code .so} would stop archive loads);
 * {@code --as-needed}, linker scripts, {@code -u}/{@code --undefined}, {@code --defsym}; the
 * entry symbol and {@code --gc-sections} (they do not change which members load); gold's
 * differences from ld.bfd; the common-override rule reads a member's own symbol table for code
 * versus data from the section flags ({@code STT_FUNC} is not kept by the reader).
 */
final class GnuLink extends LinkRun {

    GnuLink(List<LoadedInput> inputs, LinkOptions options) {
        super(inputs, options, Resolution.ELF);
    }

    @Override
    void run() {
        int i = 0;
        while (i < inputs.size()) {
            InputRange group = groupStartingAt(i);
            if (group == null) {
                read(i);
                i++;
                continue;
            }
            int last = group.last();
            boolean again;
            do {
                again = false;
                for (int j = i; j <= last; j++) {
                    again |= read(j);
                }
            } while (again);
            i = last + 1;
        }
    }

    private InputRange groupStartingAt(int input) {
        for (InputRange g : options.groups()) {
            if (g.first() == input) {
                return g;
            }
        }
        return null;
    }

    /** Reads input {@code i} once; true when it loaded a member. */
    private boolean read(int i) {
        LoadedInput in = inputs.get(i);
        if (!providers.isArchive(i) || options.isWholeArchive(i)) {
            LoadReason reason = providers.isArchive(i) ? LoadReason.forced() : LoadReason.object();
            boolean any = false;
            for (InputMember m : in.members()) {
                if (load(m, reason, false)) {
                    table.referenceAll(m);
                    any = true;
                }
            }
            return any;
        }
        return scan(in);
    }

    private boolean scan(LoadedInput archive) {
        boolean any = false;
        boolean pulled;
        do {
            pulled = false;
            for (InputMember m : archive.members()) {
                if (!isAvailable(m)) {
                    continue;
                }
                LoadReason why = pullReason(m);
                if (why != null) {
                    load(m, why, true);
                    table.referenceAll(m);
                    pulled = true;
                    any = true;
                }
            }
        } while (pulled);
        return any;
    }

    private LoadReason pullReason(InputMember m) {
        for (String name : providers.offered(m)) {
            SymbolState s = table.find(name);
            if (s == null) {
                continue;
            }
            if (s.winner() == null) {
                if (s.isStronglyReferenced()) {
                    return LoadReason.reference(s.firstStrongReferrer(), name);
                }
            } else if (s.winner().strength() == Strength.COMMON && replacesCommon(m, name, false, false)) {
                return LoadReason.common(s.winner().member(), name);
            }
        }
        return null;
    }
}
