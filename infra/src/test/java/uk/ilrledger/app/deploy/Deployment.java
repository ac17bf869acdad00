package uk.ilrledger.app.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deployment files are: {@code deploy/} at the repository's root, above the module. */
final class Deployment {

    private Deployment() {
    }

    static Path root() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isDirectory(directory.resolve("deploy"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }
}
