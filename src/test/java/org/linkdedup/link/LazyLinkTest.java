package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.linkdedup.link.Synth.binding;
import static org.linkdedup.link.Synth.loadOrder;
import static org.linkdedup.link.Synth.loadedMembers;
import static org.linkdedup.link.Synth.m;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.linkdedup.link.LinkResult.Duplicate;
import org.linkdedup.link.LinkResult.LoadReason;
import org.linkdedup.link.LinkResult.Severity;

/** The ld.lld and ld64.lld models on synthetic inputs. */
class LazyLinkTest {
    private static final LinkerModel LLD = LinkerModel.LLD;
    private static final LinkerModel LLD_MACHO = LinkerModel.LLD_MACHO;

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"LLD", "LLD_MACHO"})
    void theFirstLazyProviderWinsEvenForALaterReference(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main").ar("A.a", m("ax.o", "T x"))
                .obj("main2.o", "U x").ar("B.a", m("bx.o", "T x"));
        LinkResult r = s.link(model);
        assertEquals(Set.of("A.a(ax.o)"), loadedMembers(r));
        assertEquals("A.a(ax.o)", binding(r, "x"));
        assertEquals(LoadReason.reference(s.id("main2.o"), "x"), r.loadReason(s.id("A.a(ax.o)")).orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"LLD", "LLD_MACHO"})
    void aReferenceFromALaterArchiveFetchesFromAnEarlierOne(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U b").ar("A.a", m("a.o", "T a"))
                .ar("B.a", m("b.o", "T b", "U a"));
        LinkResult r = s.link(model);
        assertEquals(List.of("main.o", "B.a(b.o)", "A.a(a.o)"), loadOrder(r));
        assertEquals(List.of(), r.unresolved());
    }

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"LLD", "LLD_MACHO"})
    void fetchesFollowReferencesDepthFirst(LinkerModel model) {
        // the archive comes first, so every name it offers is lazy when main.o refers to them
        Synth s = new Synth().ar("L.a", m("b.o", "T b"), m("a.o", "T a", "U c"), m("c.o", "T c"))
                .obj("main.o", "T main", "U a", "U b");
        assertEquals(List.of("main.o", "L.a(a.o)", "L.a(c.o)", "L.a(b.o)"), loadOrder(s.link(model)));
    }

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"LLD", "LLD_MACHO"})
    void anObjectsDefinitionsComeBeforeItsReferences(LinkerModel model) {
        // the reference to f must not fetch A.a(a.o): the same object defines f
        Synth s = new Synth().ar("A.a", m("a.o", "T f")).obj("main.o", "U f", "T main", "T f");
        assertEquals(Set.of(), loadedMembers(s.link(model)));
    }

    @Test
    void lldDoesNotFetchForAWeakReferenceButDoesForALaterStrongOne() {
        Synth weakOnly = new Synth().obj("main.o", "T main", "w f").ar("A.a", m("a.o", "T f"));
        assertEquals(Set.of(), loadedMembers(weakOnly.link(LLD)));
        Synth later = new Synth().obj("main.o", "T main", "w f").ar("A.a", m("a.o", "T f")).obj("b.o", "U f");
        LinkResult r = later.link(LLD);
        assertEquals(Set.of("A.a(a.o)"), loadedMembers(r));
        assertEquals(LoadReason.reference(later.id("b.o"), "f"), r.loadReason(later.id("A.a(a.o)")).orElseThrow());
    }

    @Test
    void lldMachOFetchesForAWeakReference() {
        Synth before = new Synth().obj("main.o", "T main", "w f").ar("A.a", m("a.o", "T f"));
        assertEquals(Set.of("A.a(a.o)"), loadedMembers(before.link(LLD_MACHO)));
        Synth after = new Synth().ar("A.a", m("a.o", "T f")).obj("main.o", "T main", "w f");
        assertEquals(Set.of("A.a(a.o)"), loadedMembers(after.link(LLD_MACHO)));
    }

    @Test
    void lldFetchesAGlobalDefinitionForACommonSymbolWhenTheArchiveComesAfterIt() {
        Synth s = new Synth().obj("main.o", "T main", "C c", "C code", "C weak", "C com")
                .ar("A.a", m("c.o", "D c"), m("code.o", "T code"), m("weak.o", "V weak"), m("com.o", "C com"));
        LinkResult r = s.link(LLD);
        assertEquals(Set.of("A.a(c.o)", "A.a(code.o)"), loadedMembers(r));
        assertEquals(LoadReason.common(s.id("main.o"), "code"), r.loadReason(s.id("A.a(code.o)")).orElseThrow());
        assertEquals("A.a(code.o)", binding(r, "code"));
        Synth before = new Synth().ar("A.a", m("c.o", "D c")).obj("main.o", "T main", "C c");
        assertEquals(Set.of(), loadedMembers(before.link(LLD)));
    }

    @Test
    void lldMachOFetchesNothingForACommonSymbol() {
        Synth s = new Synth().obj("main.o", "T main", "C c").ar("A.a", m("c.o", "D c"));
        assertEquals(Set.of(), loadedMembers(s.link(LLD_MACHO)));
    }

    @Test
    void lldKeepsTheFirstOfSeveralStrongDefinitions() {
        Synth s = threeDefinitions();
        LinkResult r = s.link(LLD);
        assertEquals(2, r.diagnostics());
        assertEquals("main.o", binding(r, "f"));
        assertEquals(List.of(new Duplicate("f", s.id("main.o"), s.id("b.o"), Severity.ERROR),
                new Duplicate("f", s.id("main.o"), s.id("c.o"), Severity.ERROR)), r.duplicates());
    }

    @Test
    void lldMachOLetsALaterStrongDefinitionReplaceTheEarlierOne() {
        Synth s = threeDefinitions();
        LinkResult r = s.link(LLD_MACHO);
        assertEquals(2, r.diagnostics());
        assertEquals("c.o", binding(r, "f"));
        assertEquals(List.of(new Duplicate("f", s.id("main.o"), s.id("b.o"), Severity.ERROR),
                new Duplicate("f", s.id("b.o"), s.id("c.o"), Severity.ERROR)), r.duplicates());
    }

    private static Synth threeDefinitions() {
        return new Synth().obj("main.o", "T main", "T f").obj("b.o", "T f").obj("c.o", "T f");
    }

    @ParameterizedTest
    @EnumSource(value = LinkerModel.class, names = {"LLD", "LLD_MACHO"})
    void groupsAreIgnored(LinkerModel model) {
        Synth s = new Synth().obj("main.o", "T main", "U b").ar("A.a", m("a.o", "T a"))
                .ar("B.a", m("b.o", "T b", "U a"));
        assertEquals(loadOrder(s.link(model)), loadOrder(s.link(LinkOptions.of(model).withGroup(1, 2))));
    }

    @Test
    void anExcludedProviderLeavesTheNameToTheNextArchive() {
        Synth s = new Synth().obj("main.o", "T main", "U x").ar("A.a", m("ax.o", "T x")).ar("B.a", m("bx.o", "T x"));
        LinkResult r = s.link(LinkOptions.of(LLD).withExcluded(Set.of(s.id("A.a(ax.o)"))));
        assertEquals(Set.of("B.a(bx.o)"), loadedMembers(r));
    }
}
