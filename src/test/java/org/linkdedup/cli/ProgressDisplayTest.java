package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.io.Progress;
import org.linkdedup.testing.Cli;

/**
 * The terminal progress line: silent for the first second, then the step in place, cleared the
 * moment the step ends; the pipeline reports each step, and the reading step counts every member.
 * The display is driven by hand here ({@link ProgressDisplay#manual}): no clock, no thread.
 */
class ProgressDisplayTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @AfterEach
    void quiet() {
        Progress.global().listen(null);
        Progress.global().finish();
    }

    @Test
    void nothingInTheFirstSecondThenTheStepInPlaceThenCleared() {
        Progress p = Progress.global();
        StringWriter text = new StringWriter();
        ProgressDisplay d = ProgressDisplay.manual(new PrintWriter(text), p, 0);
        p.start("reading 4 inputs", 963);
        for (int i = 0; i < 512; i++) {
            p.advance();
        }
        d.tick(SECOND - 1);
        assertEquals("", text.toString(), "nothing before the first second");
        d.tick(SECOND + 4 * SECOND / 10);
        assertEquals("\r\033[Klinkdedup: reading 4 inputs 512/963 members, 1.4 s", text.toString());
        p.advance();
        d.tick(2 * SECOND);
        assertTrue(text.toString().endsWith("\r\033[Klinkdedup: reading 4 inputs 513/963 members, 2.0 s"), text.toString());
        p.start("planning", 0);
        d.tick(2 * SECOND + SECOND / 10);
        assertTrue(text.toString().endsWith("\r\033[Klinkdedup: planning, 2.1 s"), text.toString());
        p.finish();
        assertTrue(text.toString().endsWith("\r\033[K"), "the end of a step clears the line at once: " + text);
        int length = text.toString().length();
        d.tick(3 * SECOND);
        assertEquals(length, text.toString().length(), "between steps nothing is painted");
        d.close();
        assertEquals(length, text.toString().length(), "closing clears only what is shown");
    }

    @Test
    void closingClearsAShownLineAndStopsPainting() {
        Progress p = Progress.global();
        StringWriter text = new StringWriter();
        ProgressDisplay d = ProgressDisplay.manual(new PrintWriter(text), p, 0);
        p.start("simulating the link", 0);
        d.tick(2 * SECOND);
        d.close();
        assertTrue(text.toString().endsWith("2.0 s\r\033[K"), text.toString());
        d.tick(3 * SECOND);
        assertTrue(text.toString().endsWith("2.0 s\r\033[K"), "nothing after close: " + text);
    }

    @Test
    void everyStepOfApplyIsReportedAndEndedBeforeTheCommandPrints() {
        List<String> events = new ArrayList<>();
        Progress.global().listen(new Progress.Listener() {
            @Override
            public void started(String step, long total) {
                events.add(step + (total > 0 ? " of " + total : ""));
            }

            @Override
            public void finished() {
                Progress.Snapshot s = Progress.global().snapshot();
                events.add("end" + (s.step() == null ? "" : " still " + s.step()));
            }
        });
        Cli.Result r = Cli.run(Cli.withPerryMini("apply", "--no-cache", "--out-dir", dir.resolve("out")));
        assertEquals(0, r.exit(), r.err());
        int members = Integer.parseInt(events.get(0).replaceAll(".* of ", ""));
        assertTrue(members > 4, events.toString());
        assertEquals(List.of("reading 4 inputs of " + members, "planning", "simulating the link before and after", "end",
                "writing and verifying 1 archive", "end"), events);
    }

    @Test
    void readingCountsEveryMember() throws Exception {
        Path m = org.linkdedup.testing.Fixtures.small("perry-mini/elf");
        List<org.linkdedup.link.LoadedInput> in = new org.linkdedup.link.InputLoader().load(
                List.of(m.resolve("main.o"), m.resolve("libperry_ext_http.a"), m.resolve("libperry_stdlib.a")));
        int members = in.stream().mapToInt(x -> x.members().size()).sum();
        assertEquals(new Progress.Snapshot("reading 3 inputs", members, members), Progress.global().snapshot());
    }
}
