package org.linkdedup.link;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.objfile.CoffObject;
import org.linkdedup.objfile.Symbol;

/**
 * The lld-link model ({@link LinkerModel#LLD_LINK}, LLVM's COFF linker), after lld's
 * {@code COFF/SymbolTable.cpp}, {@code InputFiles.cpp} and the driver's task queue; checked with
 * lld-link 14 ({@code RealCoffLinkTest}).
 *
 * <p>Implemented:
 * <ul>
 * <li>Archive definitions are lazy and position-independent like ld.lld's: every name an archive
 *     member offers is remembered when the archive is read, unless the name is defined already or
 *     an earlier archive offered it (the first provider in command-line order wins, even for a
 *     reference made by a later file).</li>
 * <li><b>Queue order, not depth first:</b> lld-link reads every command-line input first; a
 *     member to fetch is put at the end of a queue (when a reference meets a lazy name, or an
 *     archive is read and a name it offers is already referenced) and read only when everything
 *     queued before it was read. So a later object can define a name before the member that
 *     refers to it is read, and that member then binds to it instead of fetching another
 *     archive's copy (ld.lld, depth first, would fetch it and report a duplicate). Each member is
 *     queued once; the name that queued it is its load reason (lld-link's
 *     {@code /verbose "Loaded A.lib(m.obj) for NAME"}).</li>
 * <li>A weak reference does not fetch. A weak external that is a reference only (no
 *     {@code SEARCH_ALIAS} default, as binutils writes weak definitions) replaces the lazy name for
 *     good: lld-link's {@code addUndefined} forgets the lazy symbol and no archive member is
 *     fetched for the name afterwards, strongly referenced or not (from lld's source).</li>
 * <li>{@code /wholearchive:LIB}: every member is loaded where the archive stands, in member
 *     order.</li>
 * <li>Precedence strong &gt; common &gt; weak (a weak external with a default is a weak
 *     definition); two common definitions bind to the larger one. Of two strong definitions the
 *     first stays, and each extra one is one {@code duplicate symbol:} diagnostic (one per
 *     (kept, new) pair); with {@code /force:multiple} they are warnings. The real linker stops at
 *     {@code /errorlimit} (20 by default); the model counts them all.</li>
 * <li>COMDAT sections by their selection ({@link Resolution#coffComdatClash}): {@code ANY} keeps
 *     the first copy silently; {@code NODUPLICATES} copies clash as plain definitions;
 *     {@code SAME_SIZE} and {@code EXACT_MATCH} copies of another size (or checksum) are a
 *     duplicate; {@code LARGEST} takes the larger copy; two different selections are a duplicate,
 *     except {@code ANY} with {@code LARGEST}. A COMDAT copy against a plain definition of its
 *     name is a duplicate.</li>
 * <li>Import members define {@code __imp_X} and, for code and constants, {@code X}, as strong
 *     definitions.</li>
 * <li>{@code /INCLUDE:NAME} in a loaded member's {@code .drectve} section is a strong reference
 *     from that member (it fetches, and is unresolved when nothing defines it).</li>
 * <li>{@code /ALTERNATENAME:FROM=TO} in a loaded member's {@code .drectve}: once everything is
 *     read, FROM, still undefined (strongly referenced, nothing lazy), resolves to TO, which is
 *     then referenced and may fetch a member; repeated until nothing changes. The first directive
 *     for a name wins (lld-link reports conflicting ones).</li>
 * </ul>
 *
 * <p>Not implemented: the other {@code .drectve} directives ({@code /defaultlib}, {@code /export})
 * and these options on the command line, the entry
 * point's own search, {@code /lldmingw}'s relaxed COMDAT rules and its auto-import, LTO (bitcode
 * members count by their symbol tables), an absolute definition met by a later regular one (lld
 * replaces it silently), and the contents comparison of {@code EXACT_MATCH} (section size and
 * checksum stand for it).
 */
final class LldLink extends LinkRun {
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Set<MemberId> queued = new HashSet<>();
    /** Names a reference-only weak external has made unfetchable. */
    private final Set<String> blocked = new HashSet<>();
    /** The /alternatename directives of the members loaded so far, the first for each name. */
    private final Map<String, String> alternateNames = new LinkedHashMap<>();

    private record Pending(InputMember member, LoadReason reason) {
    }

    LldLink(List<LoadedInput> inputs, LinkOptions options) {
        super(inputs, options, Resolution.coff(options.forceMultiple()));
    }

    @Override
    void run() {
        for (int i = 0; i < inputs.size(); i++) {
            LoadedInput in = inputs.get(i);
            if (!providers.isArchive(i)) {
                in.members().forEach(m -> add(m, LoadReason.object()));
            } else if (options.isWholeArchive(i)) {
                in.members().forEach(m -> add(m, LoadReason.forced()));
            } else {
                readLazily(in);
            }
        }
        drain();
        // as lld-link's driver loop: once everything is read, a name still undefined (not lazy, not
        // weak) that an /alternatename names gets the other name as its alias, which is referenced
        // (and may fetch); again until nothing changes
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, String> a : alternateNames.entrySet()) {
                SymbolState s = table.find(a.getKey());
                if (s == null || s.winner() != null || s.lazy() != null || !s.isStronglyReferenced()
                        || aliases.containsKey(a.getKey())) {
                    continue;
                }
                aliases.put(a.getKey(), a.getValue());
                changed = true;
                SymbolState t = table.reference(a.getValue(), s.firstStrongReferrer(), false);
                if (t.winner() == null && !blocked.contains(a.getValue()) && t.lazy() != null) {
                    enqueue(t.lazy(), LoadReason.reference(s.firstStrongReferrer(), a.getValue()));
                }
            }
            drain();
        }
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            add(p.member(), p.reason());
        }
    }

    private void readLazily(LoadedInput archive) {
        for (InputMember m : archive.members()) {
            if (!isAvailable(m)) {
                continue;
            }
            for (String name : providers.offered(m)) {
                SymbolState s = table.state(name);
                if (s.winner() != null || s.lazy() != null || blocked.contains(name)) {
                    continue;
                }
                s.setLazy(m);
                if (s.isStronglyReferenced()) {
                    enqueue(m, LoadReason.reference(s.firstStrongReferrer(), name));
                }
            }
        }
    }

    /** Loads {@code m} now: its definitions, then its references, queueing the members they fetch. */
    private void add(InputMember m, LoadReason reason) {
        if (!load(m, reason, false) || !m.undefinedKnown()) {
            return;
        }
        for (Symbol ref : m.symbols()) {
            if (!ref.isUndefined() || !ref.isExternal()) {
                continue;
            }
            SymbolState s = table.reference(ref.name(), m.id(), ref.isWeak());
            if (s.winner() != null || blocked.contains(ref.name())) {
                continue;
            }
            if (ref.isWeak()) {
                blocked.add(ref.name());
                if (s.lazy() != null && !queued.contains(s.lazy().id())) {
                    s.setLazy(null);
                }
            } else if (s.lazy() != null) {
                enqueue(s.lazy(), LoadReason.reference(m.id(), ref.name()));
            }
        }
        if (m.object() instanceof CoffObject coff) {
            coff.alternateNames().forEach(a -> alternateNames.putIfAbsent(a.from(), a.to()));
            for (String name : coff.includes()) {   // /INCLUDE: in its .drectve: a strong reference from the member
                SymbolState s = table.reference(name, m.id(), false);
                if (s.winner() == null && !blocked.contains(name) && s.lazy() != null) {
                    enqueue(s.lazy(), LoadReason.reference(m.id(), name));
                }
            }
        }
    }

    private void enqueue(InputMember m, LoadReason reason) {
        if (isAvailable(m) && queued.add(m.id())) {
            queue.add(new Pending(m, reason));
        }
    }
}
