package cn.escrow.buyers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait between wrong buyer look-up guesses on one contract number, as a pure rule. */
class GuessBackoffDelayTest {

    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(15);

    private static Duration after(int failures) {
        return GuessBackoff.delayAfter(failures, 3, FIRST, MAX);
    }

    @Test
    void shouldCostNothingForTheFreeGuesses() {
        assertThat(after(0)).isZero();
        assertThat(after(1)).isZero();
        assertThat(after(3)).isZero();
    }

    @Test
    void shouldDoubleTheWaitWithEachFurtherWrongGuess() {
        assertThat(after(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(after(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(after(6)).isEqualTo(Duration.ofSeconds(8));
        assertThat(after(12)).isEqualTo(Duration.ofSeconds(512));
    }

    @Test
    void shouldNeverWaitLongerThanTheMaximumEvenAfterVeryManyGuesses() {
        assertThat(after(13)).isEqualTo(MAX); // 1024 s > 900 s
        assertThat(after(40)).isEqualTo(MAX);
        assertThat(after(Integer.MAX_VALUE)).isEqualTo(MAX); // no overflow of the shift
    }
}
