package dev.sluice.runtime;

import java.util.List;

/**
 * A deployed component that can say, once started, what it serves and where, for the start-up
 * summary of {@code sluice run}: e.g. "mqtt broker   mqtt://127.0.0.1:1883".
 */
public interface Describable {

  List<String> describe();
}
