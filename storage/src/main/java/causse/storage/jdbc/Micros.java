package causse.storage.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times as the database keeps them: to the microsecond, which both H2 and PostgreSQL store, so that a store reads
 * back exactly the {@link Instant} it wrote and compares a kept time with a cutoff the way Java would.
 */
final class Micros {
    private Micros() {
    }

    /** The time as it will be kept: truncated to the microsecond. */
    static Instant kept(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The cutoff rounded up to the microsecond: for a kept time, "before cutoff" is exactly "before this", and
     * binding this exact value leaves nothing to the database's own rounding (PostgreSQL rounds, H2 need not).
     */
    static Instant cutoff(Instant cutoff) {
        Instant truncated = kept(cutoff);
        return truncated.isBefore(cutoff) ? truncated.plus(1, ChronoUnit.MICROS) : truncated;
    }
}
