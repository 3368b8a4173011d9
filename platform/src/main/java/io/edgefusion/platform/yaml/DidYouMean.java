package io.edgefusion.platform.yaml;

import java.util.Collection;
import java.util.Optional;

/** The closest known name to a misspelt one, by edit distance, when it is close enough to be a typo. */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The best candidate within a distance of a third of the word (at least 1, at most 3), if any. */
    public static Optional<String> suggest(String word, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(word.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int limit = Math.min(3, Math.max(1, word.length() / 3));
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or nothing. */
    public static String hint(String word, Collection<String> known) {
        return suggest(word, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Damerau (optimal string alignment) distance: a swapped pair of letters counts as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
