import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linkdedup.link.LinkOptions;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.LinkSimulator;
import org.linkdedup.link.LinkerModel;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.link.MemberId;
import org.linkdedup.testing.PerrySizedLink;

/**
 * How long the link simulator takes on a perry-sized link (the synthetic link of LinkScaleTest:
 * 20 archives of 350 members, 100 shared names each), per linker model and with most members
 * excluded, after a warm-up round. Needs the test classes:
 *
 *   mvn -q -DskipTests package test-compile
 *   java -cp target/linkdedup.jar:target/test-classes bench/LinkScale.java [ROUNDS]
 */
public class LinkScale {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<LoadedInput> inputs = PerrySizedLink.inputs();
        for (LinkerModel model : LinkerModel.values()) {
            time(model.cliName(), inputs, LinkOptions.of(model), rounds);
        }
        Set<MemberId> excluded = new HashSet<>();
        for (int a = 2; a <= PerrySizedLink.ARCHIVES; a++) {
            for (int j = 1; j < PerrySizedLink.MEMBERS; j++) {
                excluded.add(new MemberId(a, j));
            }
        }
        time("gnu, excluded", inputs, LinkOptions.of(LinkerModel.GNU).withExcluded(excluded), rounds);
    }

    private static void time(String what, List<LoadedInput> inputs, LinkOptions options, int rounds) {
        LinkSimulator.simulate(inputs, options);   // warm up
        long best = Long.MAX_VALUE;
        int loaded = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            LinkResult result = LinkSimulator.simulate(inputs, options);
            best = Math.min(best, System.nanoTime() - t0);
            loaded = result.loaded().size();
        }
        System.out.printf("%-14s best of %d: %6.1f ms (%d members loaded)%n", what, rounds, best / 1e6, loaded);
    }
}
