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
import org.linkdedup.link.LinkResult.Unresolved;

/** The GNU ld model on synthetic inputs. */
class GnuLinkTest {
    private static final LinkerModel GNU = LinkerModel.GNU;

    @Test
    void anArchiveIsScannedWhereItStandsSoTheSandwichBindsToTheLaterArchive() {
        Synth s = new Synth().obj("main.o", "T main").ar("A.a", m("ax.o", "T x"))
                .obj("main2.o", "U x").ar("B.a", m("bx.o", "T x"));
        LinkResult r = s.link(GNU);
        assertEquals(Set.of("B.a(bx.o)"), loadedMembers(r));
        assertEquals("B.a(bx.o)", binding(r, "x"));
        assertEquals(LoadReason.reference(s.id("main2.o"), "x"), r.loadReason(s.id("B.a(bx.o)")).orElseThrow());
    }

    @Test
    void anArchiveIsNeverRevisited() {
        Synth s = new Synth().obj("main.o", "T main", "U b").ar("A.a", m("a.o", "T a"))
                .ar("B.a", m("b.o", "T b", "U a"));
        LinkResult r = s.link(GNU);
        assertEquals(Set.of("B.a(b.o)"), loadedMembers(r));
        assertEquals(List.of(new Unresolved("a", s.id("B.a(b.o)"))), r.unresolved());
    }

    @Test
    void anArchiveIsRescannedUntilItPullsNothingNew() {
        // a3 pulls a2 (earlier in the archive) which pulls a1: three passes
        Synth s = new Synth().obj("main.o", "T main", "U f3")
                .ar("A.a", m("a1.o", "T f1"), m("a2.o", "T f2", "U f1"), m("a3.o", "T f3", "U f2"));
        LinkResult r = s.link(GNU);
        assertEquals(List.of("main.o", "A.a(a3.o)", "A.a(a2.o)", "A.a(a1.o)"), loadOrder(r));
        assertEquals(LoadReason.reference(s.id("A.a(a2.o)"), "f1"), r.loadReason(s.id("A.a(a1.o)")).orElseThrow());
    }

    @Test
    void aMemberLoadedInAPassCanPullALaterMemberInTheSamePass() {
        Synth s = new Synth().obj("main.o", "T main", "U f1")
                .ar("A.a", m("a1.o", "T f1", "U f2"), m("a2.o", "T f2"));
        assertEquals(List.of("main.o", "A.a(a1.o)", "A.a(a2.o)"), loadOrder(s.link(GNU)));
    }

    @Test
    void aWeakReferenceDoesNotPullButAStrongOneLaterDoes() {
        Synth weakOnly = new Synth().obj("main.o", "T main", "w f").ar("A.a", m("a.o", "T f"));
        assertEquals(Set.of(), loadedMembers(weakOnly.link(GNU)));
        Synth thenStrong = new Synth().obj("main.o", "T main", "w f").obj("b.o", "U f").ar("A.a", m("a.o", "T f"));
        LinkResult r = thenStrong.link(GNU);
        assertEquals(Set.of("A.a(a.o)"), loadedMembers(r));
        assertEquals(LoadReason.reference(thenStrong.id("b.o"), "f"), r.loadReason(thenStrong.id("A.a(a.o)")).orElseThrow());
    }

    @Test
    void aDefinedNameDoesNotPullEvenAStrongerDefinition() {
        Synth s = new Synth().obj("main.o", "T main", "W f", "U f2").ar("A.a", m("a.o", "T f"));
        assertEquals(Set.of(), loadedMembers(s.link(GNU)));
    }

    @Test
    void aCommonSymbolPullsAGlobalDataDefinitionButNotCodeWeakOrCommon() {
        Synth s = new Synth().obj("main.o", "T main", "C c", "C code", "C weak", "C com")
                .ar("A.a", m("c.o", "D c"), m("code.o", "T code"), m("weak.o", "V weak"), m("com.o", "C com"));
        LinkResult r = s.link(GNU);
        assertEquals(Set.of("A.a(c.o)"), loadedMembers(r));
        assertEquals(LoadReason.common(s.id("main.o"), "c"), r.loadReason(s.id("A.a(c.o)")).orElseThrow());
        assertEquals("A.a(c.o)", binding(r, "c"));
        assertEquals(0, r.diagnostics());
    }

    @Test
    void anUndefinedNamePullsACommonDefinition() {
        Synth s = new Synth().obj("main.o", "T main", "U c").ar("A.a", m("c.o", "C c"));
        assertEquals(Set.of("A.a(c.o)"), loadedMembers(s.link(GNU)));
    }

    @Test
    void aGroupIsRescannedUntilStable() {
        Synth s = new Synth().obj("main.o", "T main", "U b").ar("A.a", m("a.o", "T a", "U b2"))
                .ar("B.a", m("b.o", "T b", "U a"), m("b2.o", "T b2"));
        LinkResult plain = s.link(GNU);
        assertEquals(Set.of("B.a(b.o)"), loadedMembers(plain));
        LinkResult grouped = s.link(LinkOptions.of(GNU).withGroup(1, 2));
        assertEquals(Set.of("A.a(a.o)", "B.a(b.o)", "B.a(b2.o)"), loadedMembers(grouped));
        assertEquals(List.of("main.o", "B.a(b.o)", "A.a(a.o)", "B.a(b2.o)"), loadOrder(grouped));
        assertEquals(List.of(), grouped.unresolved());
    }

    @Test
    void oneDiagnosticPerExtraDefinitionAndTheFirstDefinitionStays() {
        Synth s = new Synth().obj("main.o", "T main", "T f", "U g", "U h")
                .ar("A.a", m("a.o", "T g", "T f")).ar("B.a", m("b.o", "T h", "T f"));
        LinkResult r = s.link(GNU);
        assertEquals(2, r.diagnostics());
        assertEquals("main.o", binding(r, "f"));
        assertEquals(List.of(new Duplicate("f", s.id("main.o"), s.id("A.a(a.o)"), Severity.ERROR),
                new Duplicate("f", s.id("main.o"), s.id("B.a(b.o)"), Severity.ERROR)), r.duplicates());
        assertEquals(3, r.definitionsOf("f").size());
    }

    @Test
    void wholeArchiveMembersLoadWhereTheArchiveStands() {
        Synth s = new Synth().obj("main.o", "T main").ar("A.a", m("a1.o", "T f"), m("a2.o", "T g"))
                .obj("late.o", "T f");
        LinkResult r = s.link(LinkOptions.of(GNU).withWholeArchive(1));
        assertEquals(List.of("main.o", "A.a(a1.o)", "A.a(a2.o)", "late.o"), loadOrder(r));
        assertEquals(1, r.diagnostics());
        assertEquals("A.a(a1.o)", binding(r, "f"));
    }
}
