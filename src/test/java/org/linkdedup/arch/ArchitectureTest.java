package org.linkdedup.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The stages stay apart: readers hold no policy, the planner holds no byte offsets, and nothing but
 * the command line depends on the command line.
 */
@AnalyzeClasses(packages = "org.linkdedup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule readersKnowNoPolicy = noClasses().that()
            .resideInAnyPackage("org.linkdedup.io..", "org.linkdedup.archive..", "org.linkdedup.objfile..")
            .should().dependOnClassesThat().resideInAnyPackage("org.linkdedup.link..", "org.linkdedup.plan..",
                    "org.linkdedup.check..", "org.linkdedup.report..", "org.linkdedup.output..", "org.linkdedup.exec..",
                    "org.linkdedup.cli..");

    @ArchTest
    static final ArchRule containerAndObjectReadersAreIndependent = noClasses().that().resideInAPackage("org.linkdedup.archive..")
            .should().dependOnClassesThat().resideInAPackage("org.linkdedup.objfile..");

    @ArchTest
    static final ArchRule plannerHoldsNoByteOffsets = noClasses().that().resideInAnyPackage("org.linkdedup.plan..", "org.linkdedup.check..")
            .should().dependOnClassesThat().resideInAnyPackage("org.linkdedup.archive..", "org.linkdedup.io..", "org.linkdedup.objfile.bitcode..");

    @ArchTest
    static final ArchRule onlyTheCommandLineUsesTheCommandLine = noClasses().that().resideOutsideOfPackage("org.linkdedup.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.linkdedup.cli..");

    @ArchTest
    static final ArchRule libraryPackagesDoNotUsePicocli = noClasses().that().resideOutsideOfPackage("org.linkdedup.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("org.linkdedup.(*)..").should().beFreeOfCycles();
}
