package uk.ilrledger.testsupport;

/**
 * Connection details of the PostgreSQL database a test run uses.
 *
 * @param jdbcUrl  JDBC URL of a database created for this JVM
 * @param username user to connect as
 * @param password password for that user, empty when the server trusts local connections
 */
public record TestDatabase(String jdbcUrl, String username, String password) {
}
