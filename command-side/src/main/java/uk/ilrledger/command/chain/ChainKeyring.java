package uk.ilrledger.command.chain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key new links and checkpoints are made with, and the retired keys older ones were made
 * with: rotating means configuring a new current key and keeping the old one as retired.
 */
public record ChainKeyring(ChainKey current, Map<String, ChainKey> byId) {

    public ChainKeyring {
        if (current == null) {
            throw new IllegalArgumentException("no current chain key");
        }
        Map<String, ChainKey> all = new LinkedHashMap<>(byId == null ? Map.of() : byId);
        ChainKey clash = all.putIfAbsent(current.id(), current);
        if (clash != null && !clash.equals(current)) {
            throw new IllegalArgumentException("chain key id '" + current.id() + "' names two different keys");
        }
        byId = Map.copyOf(all);
    }

    public static ChainKeyring of(ChainKey current, Iterable<ChainKey> retired) {
        Map<String, ChainKey> all = new LinkedHashMap<>();
        for (ChainKey key : retired) {
            if (all.put(key.id(), key) != null) {
                throw new IllegalArgumentException("chain key id '" + key.id() + "' is configured twice");
            }
        }
        return new ChainKeyring(current, all);
    }

    public Optional<ChainKey> key(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }
}
