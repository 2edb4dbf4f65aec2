"""Models beyond OpenAI's, under upstream's module names; each lives in an extra.

`agentkit.extensions.models.litellm_model` / `.litellm_provider` re-export `agentkit.litellm`
(``pip install "agentkit[litellm]"``); the core itself never imports LiteLLM.
"""
