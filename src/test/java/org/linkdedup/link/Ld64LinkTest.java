package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.linkdedup.link.Synth.binding;
import static org.linkdedup.link.Synth.loadOrder;
import static org.linkdedup.link.Synth.loadedMembers;
import static org.linkdedup.link.Synth.m;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linkdedup.link.LinkResult.Duplicate;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Severity;

/**
 * The ld64 model. There is no Apple ld64 on this machine: these tests check the model against what
 * ld64's published source does (apple-oss-distributions/ld64: {@code Resolver::resolveUndefines},
 * {@code SymbolTable::undefines}, {@code InputFiles::searchLibraries},
 * {@code archive::File::justInTimeforEachAtom}, {@code NameCollisionResolution},
 * {@code SymbolTable::checkDuplicateSymbols}).
 */
class Ld64LinkTest {
    private static final LinkerModel LD64 = LinkerModel.LD64;

    @Test
    void everyObjectIsLoadedBeforeAnyArchiveIsSearched() {
        // GNU ld would load A.a(a.o) for main.o's f, then clash with late.o; ld64 never needs A.a
        Synth s = new Synth().obj("main.o", "T main", "U f").ar("A.a", m("a.o", "T f")).obj("late.o", "T f");
        LinkResult r = s.link(LD64);
        assertEquals(Set.of(), loadedMembers(r));
        assertEquals("late.o", binding(r, "f"));
        assertEquals(0, r.diagnostics());
        assertEquals(1, new Synth().obj("main.o", "T main", "U f").ar("A.a", m("a.o", "T f")).obj("late.o", "T f")
                .link(LinkerModel.GNU).diagnostics());
    }

    @Test
    void undefinedNamesAreSearchedInSortedOrder() {
        // alpha sorts first: Q.a(q.o) is loaded for it and brings beta too, so P.a(p.o) is never needed
        Synth first = new Synth().obj("main.o", "T main", "U beta", "U alpha")
                .ar("P.a", m("p.o", "T beta")).ar("Q.a", m("q.o", "T alpha", "T beta"));
        LinkResult r = first.link(LD64);
        assertEquals(Set.of("Q.a(q.o)"), loadedMembers(r));
        assertEquals(0, r.diagnostics());
        // rename so that the name only P.a offers sorts first: both load and beta clashes
        Synth second = new Synth().obj("main.o", "T main", "U beta", "U zeta")
                .ar("P.a", m("p.o", "T beta")).ar("Q.a", m("q.o", "T zeta", "T beta"));
        LinkResult r2 = second.link(LD64);
        assertEquals(List.of("main.o", "P.a(p.o)", "Q.a(q.o)"), loadOrder(r2));
        assertEquals(List.of(new Duplicate("beta", second.id("P.a(p.o)"), second.id("Q.a(q.o)"), Severity.ERROR)),
                r2.duplicates());
    }

    @Test
    void theFirstArchiveInCommandLineOrderWhoseTableOfContentsHasTheNameProvidesIt() {
        Synth s = new Synth().obj("main.o", "T main").ar("A.a", m("ax.o", "T x")).obj("main2.o", "U x")
                .ar("B.a", m("bx.o", "T x"));
        LinkResult r = s.link(LD64);
        assertEquals(Set.of("A.a(ax.o)"), loadedMembers(r));
        assertEquals(LoadReason.reference(s.id("main2.o"), "x"), r.loadReason(s.id("A.a(ax.o)")).orElseThrow());
    }

    @Test
    void withinAnArchiveTheFirstMemberOfferingTheNameIsTaken() {
        Synth s = new Synth().obj("main.o", "T main", "U y").ar("A.a", m("a1.o", "T y"), m("a2.o", "T y"));
        assertEquals(Set.of("A.a(a1.o)"), loadedMembers(s.link(LD64)));
    }

    @Test
    void weakReferencesLoadMembersToo() {
        Synth s = new Synth().obj("main.o", "T main", "w f").ar("A.a", m("a.o", "T f"));
        assertEquals(Set.of("A.a(a.o)"), loadedMembers(s.link(LD64)));
    }

    @Test
    void newlyUndefinedNamesAreSearchedInTheNextPass() {
        Synth s = new Synth().obj("main.o", "T main", "U b")
                .ar("A.a", m("a.o", "T a")).ar("B.a", m("b.o", "T b", "U a"));
        LinkResult r = s.link(LD64);
        assertEquals(List.of("main.o", "B.a(b.o)", "A.a(a.o)"), loadOrder(r));
        assertEquals(LoadReason.reference(s.id("B.a(b.o)"), "a"), r.loadReason(s.id("A.a(a.o)")).orElseThrow());
    }

    @Test
    void aCommonDefinitionIsReplacedByTheFirstDataDefinitionInAnArchive() {
        Synth s = new Synth().obj("main.o", "T main", "C c", "C fn")
                .ar("A.a", m("code.o", "T fn"), m("tent.o", "C c")).ar("B.a", m("data.o", "D c"));
        LinkResult r = s.link(LD64);
        assertEquals(Set.of("B.a(data.o)"), loadedMembers(r));
        assertEquals(LoadReason.common(s.id("main.o"), "c"), r.loadReason(s.id("B.a(data.o)")).orElseThrow());
        assertEquals("B.a(data.o)", binding(r, "c"));
        assertEquals("main.o", binding(r, "fn"));
    }

    @Test
    void oneDiagnosticPerDuplicatedNameWhateverTheNumberOfCopies() {
        Synth s = new Synth().obj("main.o", "T main", "T f", "T g").obj("b.o", "T f", "T g").obj("c.o", "T f");
        LinkResult r = s.link(LD64);
        assertEquals(3, r.duplicates().size());
        assertEquals(2, r.diagnostics());
        assertEquals("main.o", binding(r, "f"));
    }

    @Test
    void withDeadStripADuplicateFromALazilyLoadedMemberIsAWarningAndTheEarlierCopyStays() {
        Synth s = new Synth().obj("main.o", "T main", "U g").ar("A.a", m("a.o", "T g", "T f")).obj("late.o", "T f");
        LinkResult plain = s.link(LD64);
        assertEquals(List.of(new Duplicate("f", s.id("late.o"), s.id("A.a(a.o)"), Severity.ERROR)), plain.duplicates());
        assertEquals("late.o", binding(plain, "f"));
        LinkResult stripped = s.link(LinkOptions.of(LD64).withDeadStrip(true));
        assertEquals(List.of(new Duplicate("f", s.id("late.o"), s.id("A.a(a.o)"), Severity.WARNING)), stripped.duplicates());
        assertEquals(1, stripped.diagnostics());
        assertEquals("A.a(a.o)", binding(stripped, "f"));   // pickLowerOrdinal: A.a is before late.o
    }

    @Test
    void withDeadStripDuplicatesAmongTheInitialObjectsAndForcedMembersStayErrors() {
        Synth s = new Synth().obj("main.o", "T main", "T f").ar("A.a", m("a.o", "T f", "T h")).obj("b.o", "T h");
        LinkResult r = s.link(LinkOptions.of(LD64).withDeadStrip(true).withWholeArchive(1));
        assertEquals(List.of(Severity.ERROR, Severity.ERROR), r.duplicates().stream().map(Duplicate::severity).toList());
        assertEquals(2, r.diagnostics());
    }

    @Test
    void whenThereAreErrorsTheWarningsAreNeverPrinted() {
        Synth s = new Synth().obj("main.o", "T main", "T e", "U g").obj("e.o", "T e")
                .ar("A.a", m("a.o", "T g", "T w1", "T w2")).obj("w.o", "T w1", "T w2");
        LinkResult r = s.link(LinkOptions.of(LD64).withDeadStrip(true));
        assertEquals(3, r.duplicates().size());
        assertEquals(1, r.diagnostics());
        LinkResult noErrors = new Synth().obj("main.o", "T main", "U g")
                .ar("A.a", m("a.o", "T g", "T w1", "T w2")).obj("w.o", "T w1", "T w2")
                .link(LinkOptions.of(LD64).withDeadStrip(true));
        assertEquals(2, noErrors.diagnostics());
    }

    @Test
    void forceLoadedMembersAreInitial() {
        Synth s = new Synth().obj("main.o", "T main").ar("A.a", m("a1.o", "T f"), m("a2.o", "U g"))
                .ar("B.a", m("b.o", "T g"));
        LinkResult r = s.link(LinkOptions.of(LD64).withWholeArchive(1));
        assertEquals(List.of("main.o", "A.a(a1.o)", "A.a(a2.o)", "B.a(b.o)"), loadOrder(r));
    }
}
