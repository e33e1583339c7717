import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linkdedup.cli.Main;

/**
 * In-process throughput of `linkdedup symbols --format tsv` once the JVM is warm (the whole-command
 * figure of bench.py includes JVM start and JIT warm-up). Output goes to a null writer.
 *
 *   java -cp target/linkdedup.jar bench/SymbolsThroughput.java ROUNDS FILE...
 */
public class SymbolsThroughput {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<String> cmd = new ArrayList<>(List.of("symbols", "--format", "tsv"));
        long bytes = 0;
        for (int i = 1; i < args.length; i++) {
            cmd.add(args[i]);
            bytes += Files.size(Path.of(args[i]));
        }
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            int rc = Main.run(sink, sink, cmd.toArray(String[]::new));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %.3f s, %.0f MB/s (exit %d)%n", r, s, bytes / s / 1e6, rc);
        }
    }
}
