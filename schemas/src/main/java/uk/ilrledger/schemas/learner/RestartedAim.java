package uk.ilrledger.schemas.learner;

/** On a restart, the aim on a break ({@code originalAim}) and the new aim that continues it. */
public record RestartedAim(String originalAim, String swSupAimId, int aimSeqNumber) {
}
