package org.linkdedup.arch;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The architecture rules bite: each {@link ArchitectureRules} rule, built for the root of a
 * miniature linkdedup ({@code org.linkdedup.arch.fixture}: one clean stand-in class or a few per
 * package, and {@code Bad*} classes that each break the rules their Javadoc names), reports the bad
 * classes, holds once they are left out, and holds on the real code. The clean stand-ins include
 * what the rules allow: {@code check.BaselineFile} uses Jackson, {@code report.CheckReport} renders
 * a record nested in {@code analysis.SplitHazards}, {@code report.PlanReport} reads a
 * {@code pipeline.Dedup}.
 */
class ArchitectureRulesBiteTest {
    static final String FIXTURE = "org.linkdedup.arch.fixture";

    private static final JavaClasses ALL = new ClassFileImporter().importPackages(FIXTURE);
    /** Imported without the bad class files: a filter over {@link #ALL} still sees their dependencies on the others. */
    private static final JavaClasses GOOD = new ClassFileImporter().withImportOption(l -> !l.contains("/Bad"))
            .importPackages(FIXTURE);
    private static JavaClasses production;

    /** Each rule, and the bad fixture classes (relative to the fixture root) it must report. */
    static Stream<Arguments> rules() {
        return Stream.of(
                rule("readersKnowNoPolicy", ArchitectureRules::readersKnowNoPolicy, "objfile.BadReaderWithPolicy"),
                rule("containerAndObjectReadersAreIndependent", ArchitectureRules::containerAndObjectReadersAreIndependent,
                        "archive.BadArchiveReadingObjects"),
                rule("plannerHoldsNoByteOffsets", ArchitectureRules::plannerHoldsNoByteOffsets, "analysis.BadHazardsReadingBytes"),
                rule("onlyTheCommandLineUsesTheCommandLine", ArchitectureRules::onlyTheCommandLineUsesTheCommandLine,
                        "pipeline.BadPipelineCallingCli"),
                rule("libraryPackagesDoNotUsePicocli", ArchitectureRules::libraryPackagesDoNotUsePicocli, "plan.BadPlannerUsingPicocli"),
                rule("noCycles", ArchitectureRules::noCycles, "pipeline.BadPipelineCallingCli", "output.BadOutputCallingPipeline",
                        "pipeline.BadDedupRendering", "objfile.BadReaderWithPolicy"),
                rule("layers", ArchitectureRules::layers, "objfile.BadReaderWithPolicy", "archive.BadArchiveReadingObjects",
                        "analysis.BadHazardsReadingBytes", "check.BadCheckUsingPlan", "pipeline.BadPipelineCallingCli",
                        "output.BadOutputCallingPipeline", "pipeline.BadDedupRendering", "util.BadHelperOutsideTheLayers",
                        "cache.BadCacheReadingInputs"),
                rule("onlyReportWritesJson", ArchitectureRules::onlyReportWritesJson, "plan.BadPlanWritingJson", "cli.BadCommandWritingJson"),
                rule("onlyReportAndCliPrint", ArchitectureRules::onlyReportAndCliPrint, "pipeline.BadPipelinePrinting"),
                rule("cliHoldsNoOrchestration", ArchitectureRules::cliHoldsNoOrchestration, "cli.BadCommandOrchestrating",
                        "cli.BadCheckCommand", "cli.BadCommandWritingArchives"),
                rule("reportOnlyRenders", ArchitectureRules::reportOnlyRenders, "report.BadReportRunningTheLink",
                        "report.BadReportStartingARun"));
    }

    private static Arguments rule(String name, Function<ArchitectureRules, ArchRule> rule, String... offenders) {
        return arguments(name, rule, List.of(offenders));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void reportsTheBadFixtures(String name, Function<ArchitectureRules, ArchRule> rule, List<String> offenders) {
        EvaluationResult r = rule.apply(new ArchitectureRules(FIXTURE)).evaluate(ALL);
        assertTrue(r.hasViolation(), name + " finds nothing wrong with the bad fixtures");
        String details = String.join("\n", r.getFailureReport().getDetails());
        for (String o : offenders) {
            assertTrue(details.contains(FIXTURE + "." + o), name + " does not report " + o + ":\n" + details);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void holdsWithoutTheBadFixtures(String name, Function<ArchitectureRules, ArchRule> rule, List<String> offenders) {
        EvaluationResult r = rule.apply(new ArchitectureRules(FIXTURE)).evaluate(GOOD);
        assertFalse(r.hasViolation(), () -> name + " fails on the clean stand-ins:\n" + r.getFailureReport());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void holdsOnTheRealCode(String name, Function<ArchitectureRules, ArchRule> rule, List<String> offenders) {
        EvaluationResult r = rule.apply(new ArchitectureRules(ArchitectureTest.ROOT)).evaluate(production());
        assertFalse(r.hasViolation(), () -> name + " fails on the real code:\n" + r.getFailureReport());
    }

    /** A rule added to {@link ArchitectureTest} gets its bad fixture here too. */
    @Test
    void everyRuleOfTheArchitectureTestIsProvedHere() {
        Set<String> tested = Arrays.stream(ArchitectureTest.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(ArchTest.class)).map(Field::getName).collect(Collectors.toSet());
        Set<String> proved = rules().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        assertEquals(tested, proved);
    }

    private static synchronized JavaClasses production() {
        if (production == null) {
            production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ArchitectureTest.ROOT);
        }
        return production;
    }
}
