import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.linkdedup.link.EditedInputs;
import org.linkdedup.link.InputLoader;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkOrder;
import org.linkdedup.link.LinkSimulator;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.objfile.SymbolEdits;
import org.linkdedup.pipeline.Apply;
import org.linkdedup.pipeline.Dedup;
import org.linkdedup.plan.Plan;
import org.linkdedup.plan.PlanOptions;
import org.linkdedup.plan.Planner;
import org.linkdedup.plan.RewriteMode;
import org.linkdedup.plan.Rewriter;
import org.linkdedup.plan.Verifier;

/**
 * Where `apply`'s time goes (issue 16), phase by phase, in one cold JVM started like bin/linkdedup:
 * what `apply --out-dir DIR INPUT...` does (Dedup.of, then Apply.prepare + write), with
 * wall-clock and GC milliseconds per phase:
 *
 *   load      InputLoader.load (read and parse every input)
 *   plan      Planner.plan (the drops)
 *   verify    Verifier.verify: simulated links before/after the drops, then (weaken)
 *             Rewriter.rewrite and the link of the edited inputs
 *   write     Apply.prepare + Apply.write (stage, read back and check, rename)
 *
 * With mode `weaken-steps` or `none-steps`, verify is first done step by step, cold (verify-simulate-before,
 * verify-simulate-after, verify-rewriter, verify-simulate-edited), then whole (verify-again, now warmer).
 *
 * Then, in the same (now warm) JVM, the pieces of verify one at a time: one simulated link per
 * model, Rewriter.rewrite alone, EditedInputs.of, and each rewritten member through its editor.
 * The mode is `weaken` or `none` (as --rewrite); the provider is libperry_stdlib.a. Build and run:
 *
 *   javac -cp target/linkdedup.jar -d target/bench-classes bench/ApplyPhases.java
 *   java -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData \
 *        -cp target/linkdedup.jar:target/bench-classes ApplyPhases weaken|none[-steps] OUT_DIR INPUT...
 *
 * Prints one line `phase <name> <wall ms> <gc ms>` per phase (bench/rewrite-cost.py --phases runs it).
 */
public class ApplyPhases {
    private static long gcMs() {
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, b.getCollectionTime());
        }
        return t;
    }

    private static long t0, g0;

    private static void start() {
        g0 = gcMs();
        t0 = System.nanoTime();
    }

    private static void stop(String phase) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("phase " + phase + " " + ms + " " + (gcMs() - g0));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[0].matches("(weaken|none)(-steps)?")) {
            System.err.println("usage: ApplyPhases weaken|none[-steps] OUT_DIR INPUT...");
            System.exit(2);
        }
        RewriteMode mode = args[0].startsWith("none") ? RewriteMode.NONE : RewriteMode.WEAKEN;
        boolean steps = args[0].endsWith("-steps");
        Path out = Path.of(args[1]);
        // The bench removes OUT_DIR when done: it must be a new directory, never an input.
        if (Files.exists(out)) {
            System.err.println("ApplyPhases: " + out + " exists; give a directory that does not exist yet");
            System.exit(2);
        }
        List<Path> paths = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            paths.add(Path.of(args[i]));
        }
        int provider = -1;
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).getFileName().toString().equals("libperry_stdlib.a")) {
                provider = i;
                break;
            }
        }
        LinkOrder order = LinkOrder.of(paths);
        PlanOptions options = new PlanOptions(order, provider, List.of(PlanOptions.DEFAULT_CRATE), false, mode, Set.of());
        long all = System.nanoTime();

        start();
        List<LoadedInput> inputs = new InputLoader().load(order);
        stop("load");
        start();
        Plan plan = Planner.plan(inputs, options);
        stop("plan");
        LinkOptions link = LinkOptions.of(LinkerModel.forInputs(inputs), false, order);
        if (steps) {
            // Verifier.verify's steps one by one, cold (the plan without reverted drops, as on the perry fixtures):
            // the links before and after the drops, Rewriter.rewrite, the link of the edited inputs.
            start();
            LinkSimulator.simulate(inputs, link);
            stop("verify-simulate-before");
            start();
            LinkSimulator.simulate(inputs, link.withExcluded(plan.dropped()));
            stop("verify-simulate-after");
            start();
            Plan rewritten = Rewriter.rewrite(inputs, plan, link);
            stop("verify-rewriter");
            start();
            LinkSimulator.simulate(EditedInputs.of(inputs, rewritten.edits()), link.withExcluded(plan.dropped()));
            stop("verify-simulate-edited");
        }
        start();
        Verifier.Result v = Verifier.verify(inputs, plan, link, false);
        stop(steps ? "verify-again" : "verify");
        start();
        Apply apply = Apply.prepare(new Dedup(inputs, v.plan(), v.verification()), out, null, List.of());
        apply.write();
        stop("write");
        System.out.println("phase total " + (System.nanoTime() - all) / 1_000_000 + " " + gcMs());
        System.out.println("info rewrites " + v.plan().rewrites().size() + " members " + v.plan().edits().size()
                + " conflicts " + v.plan().conflicts().size() + " reverted " + v.verification().reverted().size());

        // The pieces of verify, warm (each after the whole run above), best of three.
        Set<MemberId> dropped = v.plan().dropped();
        for (LinkerModel m : LinkerModel.values()) {
            if (m.isMachO() == link.model().isMachO()) {
                LinkOptions o = link.withModel(m);
                best("warm-simulate-" + m.cliName(), () -> LinkSimulator.simulate(inputs, o));
                best("warm-simulate-" + m.cliName() + "-trimmed", () -> LinkSimulator.simulate(inputs, o.withExcluded(dropped)));
            }
        }
        Plan drops = new Plan(plan.options(), v.plan().wrappers());
        best("warm-rewriter", () -> Rewriter.rewrite(inputs, drops, link));
        Map<MemberId, SymbolEdits> edits = v.plan().edits();
        best("warm-edited-inputs", () -> EditedInputs.of(inputs, edits));
        best("warm-editors", () -> edits.forEach((id, e) ->
                EditedInputs.rewrittenBytes(inputs.get(id.input()), inputs.get(id.input()).members().get(id.position()), e)));
        best("warm-verify", () -> Verifier.verify(inputs, plan, link, false));
        deleteTree(out);
        best("warm-write", () -> {
            try {
                Apply.prepare(new Dedup(inputs, v.plan(), v.verification()), out, null, List.of()).write();
                deleteTree(out);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static void best(String phase, Runnable r) {
        long bestMs = Long.MAX_VALUE, bestGc = 0;
        for (int i = 0; i < 3; i++) {
            long g = gcMs(), t = System.nanoTime();
            r.run();
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (ms < bestMs) {
                bestMs = ms;
                bestGc = gcMs() - g;
            }
        }
        System.out.println("phase " + phase + " " + bestMs + " " + bestGc);
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
