package org.ooni.analysis.cli;

/** The {@code --format} of commands that print either lines for people or JSON. */
enum TextOrJson { TEXT, JSON }
