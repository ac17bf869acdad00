package uk.ilrledger.app.faults;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test whose service runs as processes of their own (a JVM, and often a PostgreSQL server or Kafka
 * broker of the test's own), or as a Spring context of its own in the test JVM, on a database, topic,
 * port and directory no other test uses. It runs
 * beside the in-process tests (see {@code junit-platform.properties}), which still go on one after
 * another in the test JVM, and one such test at a time, so two services under load never share the
 * machine with each other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(BesideTheOtherTests.LOCK)
public @interface BesideTheOtherTests {

    /** Held by each such test while it runs. */
    String LOCK = "uk.ilrledger.app.processes-of-its-own";
}
