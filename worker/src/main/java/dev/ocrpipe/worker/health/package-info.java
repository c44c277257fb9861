/**
 * Keeps a worker honest about its health: listener containers that stop are restarted, and a
 * worker that cannot heal (restarts spent, an {@code Error} escaped a thread, a consumer stuck)
 * reports its liveness and readiness DOWN so an orchestrator replaces it, instead of staying alive
 * but idle.
 */
package dev.ocrpipe.worker.health;
