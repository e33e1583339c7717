package org.linkdedup.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.plan.RewriteMode;
import org.linkdedup.report.PlanReport;
import org.linkdedup.testing.Fixtures;

/**
 * The prepared-result cache on the perry-mini link: a hit writes the same bytes and reports the
 * same as the miss that stored it, and every part of the key, changed alone, is a miss.
 */
class PrepareCacheTest {
    static final List<String> MINI = List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a");

    @TempDir
    Path dir;

    private List<Path> copyMini() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String f : MINI) {
            Path p = dir.resolve("in").resolve(f);
            Files.createDirectories(p.getParent());
            Files.copy(Fixtures.small("perry-mini/elf/" + f), p);
            out.add(p);
        }
        return out;
    }

    private Prepare.Settings settings(String version) {
        return new Prepare.Settings(dir.resolve("cache"), 1L << 30, version, null);
    }

    private static PlanOptions options(List<Path> inputs, int provider) {
        return new PlanOptions(LinkOrder.of(inputs), provider, List.of("perry_runtime"), false);
    }

    private static Prepare prepare(Prepare.Settings s, PlanOptions o, LinkerModel model) throws Exception {
        return Prepare.of(s, o, model, false, true, false, run -> PlanReport.texts(run, false));
    }

    /** Runs and writes into {@code out}; returns the prepare. */
    private static Prepare write(Prepare.Settings s, PlanOptions o, LinkerModel model, Path out) throws Exception {
        Prepare p = prepare(s, o, model);
        p.apply(out, null, List.of()).write();
        return p;
    }

    private static List<String> files(Path d) throws Exception {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertSameOutputs(Path a, Path b) throws Exception {
        assertEquals(files(a), files(b));
        assertFalse(files(a).isEmpty());
        for (String f : files(a)) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    @Test
    void aHitWritesTheSameBytesAndReportsTheSame() throws Exception {
        List<Path> in = copyMini();
        PlanOptions o = options(in, 2);
        Prepare miss = write(settings("v1"), o, null, dir.resolve("out1"));
        Prepare hit = write(settings("v1"), o, null, dir.resolve("out2"));
        Prepare none = write(Prepare.Settings.none(), o, null, dir.resolve("out3"));
        assertFalse(miss.fromCache());
        assertTrue(hit.fromCache(), hit.notes().toString());
        assertTrue(hit.run().isEmpty(), "a hit reads no archive");
        assertFalse(none.fromCache());
        assertSameOutputs(dir.resolve("out1"), dir.resolve("out2"));
        assertSameOutputs(dir.resolve("out1"), dir.resolve("out3"));
        assertEquals(miss.prepared(), hit.prepared());
        assertEquals(none.prepared(), hit.prepared());
        assertEquals(1, files(dir.resolve("cache/entries")).size());
    }

    @Test
    void everyPartOfTheKeyChangedAloneIsAMiss() throws Exception {
        List<Path> in = copyMini();
        PlanOptions o = options(in, 2);
        assertFalse(write(settings("v1"), o, null, dir.resolve("o")).fromCache());
        assertTrue(prepare(settings("v1"), o, null).fromCache());

        assertFalse(prepare(settings("v2"), o, null).fromCache(), "tool version");
        assertFalse(prepare(settings("v1"), o, LinkerModel.LLD).fromCache(), "linker model");
        assertFalse(prepare(settings("v1"), new PlanOptions(o.order(), 2, List.of("perry_runtime"), true), null).fromCache(), "--shared-deps");
        assertFalse(prepare(settings("v1"), new PlanOptions(o.order(), 2, List.of("perry_runtime"), false, RewriteMode.NONE, Set.of()), null)
                .fromCache(), "--rewrite none");
        assertFalse(prepare(settings("v1"), new PlanOptions(o.order(), 2, List.of("perry_runtime"), false, RewriteMode.WEAKEN,
                Set.of("js_wait_for_event")), null).fromCache(), "--localize");
        assertFalse(prepare(settings("v1"), new PlanOptions(o.order(), 2, List.of("perry_runtime", "std"), false), null).fromCache(), "--crate");
        assertFalse(Prepare.of(settings("v1"), o, null, true, true, false, r -> PlanReport.texts(r, false)).fromCache(), "--dead-strip");
        assertFalse(Prepare.of(settings("v1"), o, null, false, false, false, r -> PlanReport.texts(r, false)).fromCache(), "--no-verify");
        assertFalse(Prepare.of(settings("v1"), o, null, false, true, true, r -> PlanReport.texts(r, true)).fromCache(), "--json");
        List<Path> swapped = List.of(in.get(1), in.get(0), in.get(2), in.get(3));
        assertFalse(prepare(settings("v1"), options(swapped, 2), null).fromCache(), "input order");
        LinkOrder grouped = LinkOrder.builder().add(in.get(0)).startGroup().add(in.get(1)).add(in.get(2)).endGroup().add(in.get(3)).build();
        assertFalse(prepare(settings("v1"), new PlanOptions(grouped, 2, List.of("perry_runtime"), false), null).fromCache(), "a group");
        Path same = dir.resolve("in/./libperry_ext_http.a");
        assertFalse(prepare(settings("v1"), options(List.of(in.get(0), same, in.get(2), in.get(3)), 2), null).fromCache(),
                "the same file named otherwise (the report prints the path as given)");
        Path moved = dir.resolve("elsewhere/libperry_ext_http.a");
        Files.createDirectories(moved.getParent());
        Files.copy(in.get(1), moved);
        assertFalse(prepare(settings("v1"), options(List.of(in.get(0), moved, in.get(2), in.get(3)), 2), null).fromCache(),
                "the same bytes in another file");

        assertTrue(prepare(settings("v1"), o, null).fromCache(), "the original is still served");
    }

    @Test
    void anInputRewrittenWithItsSizeAndModificationTimePutBackIsNotServedStale() throws Exception {
        List<Path> in = copyMini();
        PlanOptions o = options(in, 2);
        write(settings("v1"), o, null, dir.resolve("out1"));
        // One byte of the date field of the last member's header (still a valid archive, and a kept
        // member's header is copied byte for byte): only the content hash can see it.
        Path wrapper = in.get(1);
        FileTime mtime = Files.getLastModifiedTime(wrapper);
        byte[] b = Files.readAllBytes(wrapper);
        int last = 8;
        for (int h = 8; h < b.length; ) {
            last = h;
            int size = Integer.parseInt(new String(b, h + 48, 10, java.nio.charset.StandardCharsets.US_ASCII).trim());
            h += 60 + size + (size & 1);
        }
        int at = last + 16;
        b[at] = (byte) (b[at] == '1' ? '2' : '1');
        Files.write(wrapper, b);
        Files.setLastModifiedTime(wrapper, mtime);
        assertEquals(b.length, Files.size(wrapper));
        Prepare after = write(settings("v1"), o, null, dir.resolve("out2"));
        assertFalse(after.fromCache(), after.notes().toString());
        write(Prepare.Settings.none(), o, null, dir.resolve("out3"));
        assertSameOutputs(dir.resolve("out2"), dir.resolve("out3"));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("out1/libperry_ext_http.a")),
                Files.readAllBytes(dir.resolve("out2/libperry_ext_http.a"))), "the new date is in the output");
    }

    @Test
    void anInputChangedBetweenRunsGivesTheNewResult() throws Exception {
        List<Path> in = copyMini();
        PlanOptions o = options(in, 2);
        write(settings("v1"), o, null, dir.resolve("out1"));
        // the wrapper replaced by a copy of the standalone runtime: nothing bundled any more
        Files.copy(Fixtures.small("perry-mini/elf/libperry_runtime.a"), in.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Prepare p = prepare(settings("v1"), o, null);
        assertFalse(p.fromCache());
        Prepare direct = prepare(Prepare.Settings.none(), o, null);
        assertEquals(direct.prepared(), p.prepared());
    }

    @Test
    void aDamagedStoredArchiveIsDroppedAndTheOutputIsStillRight() throws Exception {
        List<Path> in = copyMini();
        PlanOptions o = options(in, 2);
        write(settings("v1"), o, null, dir.resolve("good"));
        String key = files(dir.resolve("cache/entries")).get(0);
        Path stored = dir.resolve("cache/entries").resolve(key).resolve("0");
        stored.toFile().setWritable(true);
        byte[] b = Files.readAllBytes(stored);
        b[b.length / 2] ^= 0x40;
        Files.write(stored, b);

        Prepare p = write(settings("v1"), o, null, dir.resolve("after-flip"));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("damaged")), p.notes().toString());
        assertSameOutputs(dir.resolve("good"), dir.resolve("after-flip"));
        assertTrue(p.notes().stream().anyMatch(n -> n.startsWith("stored")), "the entry is replaced: " + p.notes());
        Prepare again = write(settings("v1"), o, null, dir.resolve("again"));
        assertTrue(again.fromCache());
        assertSameOutputs(dir.resolve("good"), dir.resolve("again"));

        // truncated: a miss at once (the size is wrong), then computed and stored again
        Path stored2 = dir.resolve("cache/entries").resolve(key).resolve("0");
        stored2.toFile().setWritable(true);
        Files.write(stored2, java.util.Arrays.copyOf(Files.readAllBytes(stored2), 100));
        Prepare t = write(settings("v1"), o, null, dir.resolve("after-truncate"));
        assertFalse(t.fromCache());
        assertSameOutputs(dir.resolve("good"), dir.resolve("after-truncate"));
        assertTrue(write(settings("v1"), o, null, dir.resolve("last")).fromCache());
    }

    @Test
    void aDamagedSecondArchiveOfAHitLeavesNoStagedFileAndTheOutputIsStillRight() throws Exception {
        // Two wrappers: the hit copies both stored archives in parallel; the second is damaged.
        List<Path> in = new ArrayList<>(copyMini());
        Path second = dir.resolve("in/libperry_ext_more.a");
        Files.copy(in.get(1), second);
        in.add(2, second);
        PlanOptions o = options(in, 3);
        write(settings("v1"), o, null, dir.resolve("good"));
        assertEquals(List.of("libperry_ext_http.a", "libperry_ext_more.a"), files(dir.resolve("good")));
        String key = files(dir.resolve("cache/entries")).get(0);
        Path stored = dir.resolve("cache/entries").resolve(key).resolve("1");
        stored.toFile().setWritable(true);
        byte[] b = Files.readAllBytes(stored);
        b[b.length - 3] ^= 0x01;
        Files.write(stored, b);

        Prepare p = write(settings("v1"), o, null, dir.resolve("out"));
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("damaged") && n.contains("stored file 1")), p.notes().toString());
        assertSameOutputs(dir.resolve("good"), dir.resolve("out"));   // and nothing else there: no staged file left
        assertTrue(write(settings("v1"), o, null, dir.resolve("again")).fromCache(), "stored again");
        assertSameOutputs(dir.resolve("good"), dir.resolve("again"));
    }

    @Test
    void withoutACacheNothingIsWrittenThere() throws Exception {
        List<Path> in = copyMini();
        write(Prepare.Settings.none(), options(in, 2), null, dir.resolve("out"));
        assertFalse(Files.exists(dir.resolve("cache")));
    }
}
