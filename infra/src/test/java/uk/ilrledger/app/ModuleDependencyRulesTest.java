package uk.ilrledger.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of the architecture, checked on the compiled classes. */
class ModuleDependencyRulesTest {

    static JavaClasses ledger;

    @BeforeAll
    static void importClasses() {
        ledger = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test fixtures shipped as test-jars (the schemas' sample learners) are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("uk.ilrledger");
    }

    @Test
    void schemasAreThePublishedLanguageAndDependOnTheJdkAndJacksonAnnotationsOnly() {
        // javax.xml and org.xml.sax are the JDK's XML APIs: the ILR file format lives with the model.
        classes().that().resideInAPackage("uk.ilrledger.schemas..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("uk.ilrledger.schemas..", "java..", "javax.xml..", "org.xml.sax..",
                        "com.fasterxml.jackson.annotation..")
                .check(ledger);
    }

    @Test
    void theCommandSideKnowsOnlyTheSchemas() {
        noClasses().that().resideInAPackage("uk.ilrledger.command..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("uk.ilrledger.projections..", "uk.ilrledger.query..", "uk.ilrledger.app..")
                .check(ledger);
    }

    @Test
    void projectionsKnowOnlyTheSchemas() {
        noClasses().that().resideInAPackage("uk.ilrledger.projections..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("uk.ilrledger.command..", "uk.ilrledger.query..", "uk.ilrledger.app..")
                .check(ledger);
    }

    @Test
    void theQuerySideReadsProjectionsAndNeverTheCommandSide() {
        noClasses().that().resideInAPackage("uk.ilrledger.query..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("uk.ilrledger.command..", "uk.ilrledger.app..")
                .check(ledger);
    }

    @Test
    void theScreensSitOnTheCommandAndQuerySidesAndKnowNothingOfTheAssembly() {
        noClasses().that().resideInAPackage("uk.ilrledger.web..")
                .should().dependOnClassesThat().resideInAnyPackage("uk.ilrledger.app..")
                .check(ledger);
    }

    @Test
    void nothingButTheAssemblyKnowsTheScreens() {
        noClasses().that().resideInAnyPackage("uk.ilrledger.schemas..", "uk.ilrledger.command..",
                        "uk.ilrledger.projections..", "uk.ilrledger.query..")
                .should().dependOnClassesThat().resideInAPackage("uk.ilrledger.web..")
                .check(ledger);
    }
}
