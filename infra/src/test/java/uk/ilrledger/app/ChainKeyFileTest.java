package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.command.chain.ChainKey;

/** The embedded default's chain key: made once, beside PostgreSQL's data, for its owner's eyes only. */
class ChainKeyFileTest {

    @TempDir
    Path dataDirectory;

    @Test
    void theFirstStartMakesAKeyFileAndLaterStartsReuseIt() throws Exception {
        assertThat(EmbeddedDefaults.existingChainKey(dataDirectory)).isEmpty();

        ChainKey first = EmbeddedDefaults.chainKey(dataDirectory);
        ChainKey again = EmbeddedDefaults.chainKey(dataDirectory);

        Path file = dataDirectory.resolve("keys/chain.key");
        assertThat(file).exists();
        assertThat(file.startsWith(dataDirectory.resolve("postgres"))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(first.secret()).hasSize(32);
        assertThat(again).isEqualTo(first);
        assertThat(first.id()).matches("k-[0-9a-f]{8}");
        assertThat(EmbeddedDefaults.existingChainKey(dataDirectory)).contains(first);
    }

    @Test
    void anotherDataDirectoryGetsAnotherKey(@TempDir Path other) {
        assertThat(EmbeddedDefaults.chainKey(other)).isNotEqualTo(EmbeddedDefaults.chainKey(dataDirectory));
    }
}
