package com.acme.legacy;

import java.util.logging.Logger;

/** Logs every way the contract forbids: none of these lines carries a trace_id. */
public class Reporter {
    private static final Logger LOG = Logger.getLogger("reporter"); // expect: LOGGING_BYPASS

    public void report(String what) {
        System.out.println("report " + what); // expect: LOGGING_BYPASS
        try {
            Integer.parseInt(what);
        } catch (NumberFormatException e) {
            System.err.println("not a number"); // expect: LOGGING_BYPASS
            e.printStackTrace(); // expect: LOGGING_BYPASS
        }
    }
}
