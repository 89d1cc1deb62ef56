"""Training on CoreCraft: an episode environment and adapters for the RL trainers people use.

`CoreCraftEnv` needs no extra dependency; the TRL adapter (`corecraft_mcp.rl.trl`) needs the
`rl` extra, and the verifiers environment (`corecraft_mcp.rl.verifiers_env`) the `verifiers`
package.
"""

from corecraft_mcp.rl.env import CoreCraftEnv, EpisodeStateError, Observation, Outcome, StepResult

__all__ = ["CoreCraftEnv", "EpisodeStateError", "Observation", "Outcome", "StepResult"]
