package org.linkdedup.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.link.LinkResult.Duplicate;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Severity;
import org.linkdedup.link.LinkResult.Strength;

/**
 * Apple's classic ld64, from its published source ({@code src/ld/Resolver.cpp},
 * {@code InputFiles.cpp}, {@code SymbolTable.cpp}, {@code parsers/archive_file.cpp}). There is no
 * ld64 to run here: the tests check this model against what that source says.
 *
 * <p>Implemented:
 * <ul>
 * <li>Initial atoms first ({@code Resolver::buildAtomList}): every object, and every member of a
 *     {@code -force_load} archive, in command-line order.</li>
 * <li>Then {@code resolveUndefines}: take every name referenced (weakly or strongly) and still
 *     undefined, sorted by {@code strcmp} ({@code SymbolTable::undefines}); for each one still
 *     undefined, search the archives in command-line order ({@code InputFiles::searchLibraries}):
 *     in each, the table of contents names the first member offering it; a member already loaded
 *     is passed over and the search goes on to the next archive; the first member found is
 *     loaded. Then, for each name still bound to a common (tentative) definition, sorted, load the
 *     first such member that defines it as data that is not itself tentative
 *     ({@code justInTimeDataOnlyforEachAtom}). Repeat while a pass loads anything.</li>
 * <li>Precedence: strong &gt; weak &gt; common ({@code NameCollisionResolution}). Two strong
 *     definitions are a duplicate error and the name stays bound to the first. With
 *     {@code -dead_strip}, a duplicate met while adding a member loaded after the initial atoms is
 *     a warning instead, and the definition earlier on the command line is kept
 *     ({@code pickLowerOrdinal}).</li>
 * <li>Diagnostics: one per symbol name ({@code checkDuplicateSymbols} prints each name once with
 *     all its files). When there is any error, ld64 throws after printing the errors, and the
 *     warnings are never printed: the count is the number of names with errors, else the number
 *     of names with warnings.</li>
 * </ul>
 *
 * <p>Not implemented: dylibs (searched in the same loop, and their weak definitions), dead
 * stripping itself (with {@code -dead_strip} ld64 reports an error only when one of the copies is
 * live; the model assumes every copy is), {@code -ObjC}, {@code -all_load}, {@code -u}, alias and
 * {@code section$}/{@code segment$} names, LTO, the alignment and size tie-breaks between two weak
 * or two common definitions (the first stays), and a table of contents that is not sorted by member
 * (the model takes the first member in archive order).
 */
final class Ld64Link extends LinkRun {

    Ld64Link(List<LoadedInput> inputs, LinkOptions options) {
        super(inputs, options, Resolution.ld64(options.deadStrip()));
    }

    @Override
    void run() {
        for (int i = 0; i < inputs.size(); i++) {
            boolean archive = providers.isArchive(i);
            if (archive && !options.isWholeArchive(i)) {
                continue;
            }
            for (InputMember m : inputs.get(i).members()) {
                if (load(m, archive ? LoadReason.forced() : LoadReason.object(), false)) {
                    table.referenceAll(m);
                }
            }
        }
        boolean loadedAny;
        do {
            loadedAny = false;
            for (String name : sorted(table.undefinedNames())) {
                SymbolState s = table.find(name);
                InputMember m = s.winner() == null ? search(name, false) : null;
                if (m != null) {
                    loadedAny |= loadLate(m, LoadReason.reference(s.firstReferrer(), name));
                }
            }
            for (String name : sorted(table.commonNames())) {
                SymbolState s = table.find(name);
                InputMember m = s.winner().strength() == Strength.COMMON ? search(name, true) : null;
                if (m != null) {
                    loadedAny |= loadLate(m, LoadReason.common(s.winner().member(), name));
                }
            }
        } while (loadedAny);
    }

    private boolean loadLate(InputMember m, LoadReason reason) {
        if (!load(m, reason, true)) {
            return false;
        }
        table.referenceAll(m);
        return true;
    }

    private static List<String> sorted(Collection<String> names) {
        List<String> out = new ArrayList<>(names);
        out.sort(null);   // ISO-8859-1 strings: UTF-16 order is strcmp's unsigned byte order
        return out;
    }

    /** {@code searchLibraries}: the member the first archive's table of contents gives, if not loaded yet. */
    private InputMember search(String name, boolean dataOnly) {
        for (int i = 0; i < inputs.size(); i++) {
            if (!providers.isArchive(i)) {
                continue;
            }
            InputMember m = providers.firstInArchive(i, name);
            if (m == null || isLoaded(m)) {
                continue;
            }
            if (dataOnly && !replacesCommon(m, name, false, true)) {
                continue;
            }
            return m;
        }
        return null;
    }

    @Override
    int diagnostics(List<Duplicate> duplicates) {
        Set<String> errors = new HashSet<>();
        Set<String> warnings = new HashSet<>();
        for (Duplicate d : duplicates) {
            (d.severity() == Severity.ERROR ? errors : warnings).add(d.symbol());
        }
        return errors.isEmpty() ? warnings.size() : errors.size();
    }
}
