"""agentkit: LLM agents with the OpenAI Agents SDK's API on a small, typed core.

Public names are resolved lazily (PEP 562): ``import agentkit`` loads no third-party module, and
``agentkit.Agent`` imports only what an agent needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

# name -> submodule (relative to this package) that defines it.
_EXPORTS: dict[str, str] = {
    "Agent": ".agent",
    "AgentBase": ".agent",
    "AgentHookContext": ".run_context",
    "AgentHooks": ".lifecycle",
    "AgentOutputSchema": ".agent_output",
    "AgentOutputSchemaBase": ".agent_output",
    "AgentSpanData": ".tracing.span_data",
    "AgentToolInvocation": ".result",
    "AgentToolStreamEvent": ".agent",
    "AgentUpdatedStreamEvent": ".stream_events",
    "AgentsException": ".exceptions",
    "apply_diff": ".apply_diff",
    "ResponsesWebSocketSession": ".responses_websocket_session",
    "responses_websocket_session": ".responses_websocket_session",
    "ApplyPatchEditor": ".editor",
    "ApplyPatchOperation": ".editor",
    "ApplyPatchResult": ".editor",
    "AsyncComputer": ".computer",
    "Button": ".computer",
    "CodeInterpreterTool": ".tool",
    "Computer": ".computer",
    "ComputerProvider": ".tool",
    "ComputerTool": ".tool",
    "CustomSpanData": ".tracing.span_data",
    "DynamicPromptFunction": ".prompts",
    "Environment": ".computer",
    "FileSearchTool": ".tool",
    "FunctionSpanData": ".tracing.span_data",
    "FunctionTool": ".tool",
    "FunctionToolResult": ".tool",
    "GenerateDynamicPromptData": ".prompts",
    "GenerationSpanData": ".tracing.span_data",
    "GuardrailFunctionOutput": ".guardrail",
    "GuardrailSpanData": ".tracing.span_data",
    "GuardrailTripwireTriggered": ".exceptions",
    "Handoff": ".handoffs",
    "HandoffCallItem": ".items",
    "HandoffInputData": ".handoffs",
    "HandoffInputFilter": ".handoffs",
    "HandoffOutputItem": ".items",
    "CompactionItem": ".items",
    "InputItem": ".items",
    "HandoffSpanData": ".tracing.span_data",
    "HostedMCPTool": ".tool",
    "ImageGenerationTool": ".tool",
    "InputGuardrail": ".guardrail",
    "InputGuardrailResult": ".guardrail",
    "InputGuardrailTripwireTriggered": ".exceptions",
    "ItemHelpers": ".items",
    "LocalShellCommandRequest": ".tool",
    "LocalShellExecutor": ".tool",
    "LocalShellTool": ".tool",
    "ApplyPatchTool": ".tool",
    "ShellActionRequest": ".tool",
    "ShellCallData": ".tool",
    "ShellCallOutcome": ".tool",
    "ShellCommandOutput": ".tool",
    "ShellCommandRequest": ".tool",
    "ShellExecutor": ".tool",
    "ShellResult": ".tool",
    "ShellTool": ".tool",
    "ShellToolContainerAutoEnvironment": ".tool",
    "ShellToolContainerNetworkPolicy": ".tool",
    "ShellToolContainerNetworkPolicyAllowlist": ".tool",
    "ShellToolContainerNetworkPolicyDisabled": ".tool",
    "ShellToolContainerNetworkPolicyDomainSecret": ".tool",
    "ShellToolContainerReferenceEnvironment": ".tool",
    "ShellToolContainerSkill": ".tool",
    "ShellToolEnvironment": ".tool",
    "ShellToolHostedEnvironment": ".tool",
    "ShellToolInlineSkill": ".tool",
    "ShellToolInlineSkillSource": ".tool",
    "ShellToolLocalEnvironment": ".tool",
    "ShellToolLocalSkill": ".tool",
    "ShellToolSkillReference": ".tool",
    "dispose_resolved_computers": ".tool",
    "resolve_computer": ".tool",
    "MCPApprovalRequestItem": ".items",
    "MCPApprovalResponseItem": ".items",
    "MCPListToolsItem": ".items",
    "MCPListToolsSpanData": ".tracing.span_data",
    "MCPToolApprovalFunction": ".tool",
    "MCPToolApprovalFunctionResult": ".tool",
    "MCPToolApprovalRequest": ".tool",
    "MCPToolCancellationError": ".exceptions",
    "MaxTurnsExceeded": ".exceptions",
    "MessageOutputItem": ".items",
    "Model": ".models.interface",
    "ModelBehaviorError": ".exceptions",
    "ModelProvider": ".models.interface",
    "ModelRefusalError": ".exceptions",
    "ModelResponse": ".items",
    "ModelSettings": ".model_settings",
    "ModelRetryAdvice": ".retry",
    "ModelRetryAdviceRequest": ".retry",
    "ModelRetryBackoffSettings": ".retry",
    "ModelRetryNormalizedError": ".retry",
    "ModelRetrySettings": ".retry",
    "RetryDecision": ".retry",
    "RetryPolicy": ".retry",
    "RetryPolicyContext": ".retry",
    "retry_policies": ".retry",
    "ModelCallDeadlineExceeded": ".exceptions",
    "ModelTimeoutError": ".exceptions",
    "ModelTracing": ".models.interface",
    "MultiProvider": ".models.multi_provider",
    "OpenAIChatCompletionsModel": ".models.openai_chatcompletions",
    "OpenAIConversationsSession": ".memory.openai_conversations_session",
    "OpenAIResponsesCompactionSession": ".memory.openai_responses_compaction_session",
    "OpenAIProvider": ".models.openai_provider",
    "OpenAIResponsesCompactionArgs": ".memory.session",
    "OpenAIResponsesCompactionAwareSession": ".memory.session",
    "OpenAIResponsesModel": ".models.openai_responses",
    "OutputGuardrail": ".guardrail",
    "OutputGuardrailResult": ".guardrail",
    "OutputGuardrailTripwireTriggered": ".exceptions",
    "Prompt": ".prompts",
    "RawResponsesStreamEvent": ".stream_events",
    "ReasoningItem": ".items",
    "ReasoningItemIdPolicy": ".run_config",
    "ResponseSpanData": ".tracing.span_data",
    "RunConfig": ".run_config",
    "RunContextWrapper": ".run_context",
    "RunErrorData": ".run_error_handlers",
    "RunErrorDetails": ".exceptions",
    "RunErrorHandler": ".run_error_handlers",
    "RunErrorHandlerInput": ".run_error_handlers",
    "RunErrorHandlerResult": ".run_error_handlers",
    "RunErrorHandlers": ".run_error_handlers",
    "RunHooks": ".lifecycle",
    "RunItem": ".items",
    "RunItemStreamEvent": ".stream_events",
    "RunResult": ".result",
    "RunResultStreaming": ".result",
    "Runner": ".run",
    "SQLiteSession": ".memory.sqlite_session",
    "Session": ".memory.session",
    "SessionABC": ".memory.session",
    "SessionSettings": ".memory.session_settings",
    "Span": ".tracing.spans",
    "SpanData": ".tracing.span_data",
    "SpanError": ".tracing.spans",
    "SpeechGroupSpanData": ".tracing.span_data",
    "SpeechSpanData": ".tracing.span_data",
    "StopAtTools": ".agent",
    "StreamEvent": ".stream_events",
    "TContext": ".run_context",
    "TResponseInputItem": ".items",
    "TaskSpanData": ".tracing.span_data",
    "Tool": ".tool",
    "ToolCallItem": ".items",
    "ToolCallOutputItem": ".items",
    "ToolApprovalItem": ".items",
    "RunState": ".run_state",
    "ToolErrorFormatter": ".run_config",
    "ToolErrorFormatterArgs": ".run_config",
    "ToolExecutionConfig": ".run_config",
    "ToolGuardrailFunctionOutput": ".tool_guardrails",
    "ToolGuardrailTripwireTriggered": ".exceptions",
    "ToolInputGuardrail": ".tool_guardrails",
    "ToolInputGuardrailData": ".tool_guardrails",
    "ToolInputGuardrailResult": ".tool_guardrails",
    "ToolInputGuardrailTripwireTriggered": ".exceptions",
    "ToolNotFoundBehavior": ".run_config",
    "ToolOutputFileContent": ".tool",
    "ToolOutputFileContentDict": ".tool",
    "ToolOutputGuardrail": ".tool_guardrails",
    "ToolOutputGuardrailData": ".tool_guardrails",
    "ToolOutputGuardrailResult": ".tool_guardrails",
    "ToolOutputGuardrailTripwireTriggered": ".exceptions",
    "ToolOutputImage": ".tool",
    "ToolOutputImageDict": ".tool",
    "ToolOutputText": ".tool",
    "ToolOutputTextDict": ".tool",
    "ToolTimeoutError": ".exceptions",
    "ToolsToFinalOutputFunction": ".agent",
    "ToolsToFinalOutputResult": ".agent",
    "Trace": ".tracing.traces",
    "TracingProcessor": ".tracing.processor_interface",
    "TranscriptionSpanData": ".tracing.span_data",
    "TurnSpanData": ".tracing.span_data",
    "Usage": ".usage",
    "UserError": ".exceptions",
    "WebSearchTool": ".tool",
    "WebSearchToolImageSettings": ".tool",
    "add_trace_processor": ".tracing",
    "agent_span": ".tracing.create",
    "custom_span": ".tracing.create",
    "default_handoff_history_mapper": ".handoffs.history",
    "default_tool_error_function": ".tool",
    "enable_verbose_stdout_logging": ".logger",
    "flush_traces": ".tracing",
    "function_span": ".tracing.create",
    "function_tool": ".tool",
    "gen_span_id": ".tracing.util",
    "gen_trace_id": ".tracing.util",
    "generation_span": ".tracing.create",
    "get_conversation_history_wrappers": ".handoffs.history",
    "get_current_span": ".tracing.create",
    "get_current_trace": ".tracing.create",
    "guardrail_span": ".tracing.create",
    "handoff": ".handoffs",
    "handoff_span": ".tracing.create",
    "input_guardrail": ".guardrail",
    "is_openai_responses_compaction_aware_session": ".memory.session",
    "mcp_tools_span": ".tracing.create",
    "nest_handoff_history": ".handoffs.history",
    "output_guardrail": ".guardrail",
    "reset_conversation_history_wrappers": ".handoffs.history",
    "response_span": ".tracing.create",
    "run_demo_loop": ".repl",
    "set_conversation_history_wrappers": ".handoffs.history",
    "set_default_openai_api": ".models._openai_shared",
    "set_default_openai_responses_transport": ".models._openai_shared",
    "set_default_openai_client": ".models._openai_shared",
    "set_default_openai_key": ".models._openai_shared",
    "set_trace_processors": ".tracing",
    "set_trace_provider": ".tracing.setup",
    "set_tracing_disabled": ".tracing",
    "set_tracing_export_api_key": ".tracing",
    "speech_group_span": ".tracing.create",
    "speech_span": ".tracing.create",
    "task_span": ".tracing.create",
    "tool_input_guardrail": ".tool_guardrails",
    "tool_output_guardrail": ".tool_guardrails",
    "trace": ".tracing.create",
    "transcription_span": ".tracing.create",
    "turn_span": ".tracing.create",
}

__all__ = [
    "Agent",
    "AgentBase",
    "AgentHookContext",
    "AgentHooks",
    "AgentOutputSchema",
    "AgentOutputSchemaBase",
    "AgentSpanData",
    "AgentToolInvocation",
    "AgentToolStreamEvent",
    "AgentUpdatedStreamEvent",
    "AgentsException",
    "ApplyPatchEditor",
    "ApplyPatchOperation",
    "ApplyPatchResult",
    "ApplyPatchTool",
    "AsyncComputer",
    "Button",
    "CodeInterpreterTool",
    "CompactionItem",
    "Computer",
    "ComputerProvider",
    "ComputerTool",
    "CustomSpanData",
    "DynamicPromptFunction",
    "Environment",
    "FileSearchTool",
    "FunctionSpanData",
    "FunctionTool",
    "FunctionToolResult",
    "GenerateDynamicPromptData",
    "GenerationSpanData",
    "GuardrailFunctionOutput",
    "GuardrailSpanData",
    "GuardrailTripwireTriggered",
    "Handoff",
    "HandoffCallItem",
    "HandoffInputData",
    "HandoffInputFilter",
    "HandoffOutputItem",
    "HandoffSpanData",
    "HostedMCPTool",
    "ImageGenerationTool",
    "InputGuardrail",
    "InputGuardrailResult",
    "InputGuardrailTripwireTriggered",
    "InputItem",
    "ItemHelpers",
    "LocalShellCommandRequest",
    "LocalShellExecutor",
    "LocalShellTool",
    "MCPApprovalRequestItem",
    "MCPApprovalResponseItem",
    "MCPListToolsItem",
    "MCPListToolsSpanData",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "MCPToolCancellationError",
    "MaxTurnsExceeded",
    "MessageOutputItem",
    "Model",
    "ModelBehaviorError",
    "ModelCallDeadlineExceeded",
    "ModelProvider",
    "ModelRefusalError",
    "ModelResponse",
    "ModelRetryAdvice",
    "ModelRetryAdviceRequest",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "ModelSettings",
    "ModelTimeoutError",
    "ModelTracing",
    "MultiProvider",
    "OpenAIChatCompletionsModel",
    "OpenAIConversationsSession",
    "OpenAIProvider",
    "OpenAIResponsesCompactionArgs",
    "OpenAIResponsesCompactionAwareSession",
    "OpenAIResponsesCompactionSession",
    "OpenAIResponsesModel",
    "OutputGuardrail",
    "OutputGuardrailResult",
    "OutputGuardrailTripwireTriggered",
    "Prompt",
    "RawResponsesStreamEvent",
    "ReasoningItem",
    "ReasoningItemIdPolicy",
    "ResponseSpanData",
    "ResponsesWebSocketSession",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "RunConfig",
    "RunContextWrapper",
    "RunErrorData",
    "RunErrorDetails",
    "RunErrorHandler",
    "RunErrorHandlerInput",
    "RunErrorHandlerResult",
    "RunErrorHandlers",
    "RunHooks",
    "RunItem",
    "RunItemStreamEvent",
    "RunResult",
    "RunResultStreaming",
    "RunState",
    "Runner",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionSettings",
    "ShellActionRequest",
    "ShellCallData",
    "ShellCallOutcome",
    "ShellCommandOutput",
    "ShellCommandRequest",
    "ShellExecutor",
    "ShellResult",
    "ShellTool",
    "ShellToolContainerAutoEnvironment",
    "ShellToolContainerNetworkPolicy",
    "ShellToolContainerNetworkPolicyAllowlist",
    "ShellToolContainerNetworkPolicyDisabled",
    "ShellToolContainerNetworkPolicyDomainSecret",
    "ShellToolContainerReferenceEnvironment",
    "ShellToolContainerSkill",
    "ShellToolEnvironment",
    "ShellToolHostedEnvironment",
    "ShellToolInlineSkill",
    "ShellToolInlineSkillSource",
    "ShellToolLocalEnvironment",
    "ShellToolLocalSkill",
    "ShellToolSkillReference",
    "Span",
    "SpanData",
    "SpanError",
    "SpeechGroupSpanData",
    "SpeechSpanData",
    "StopAtTools",
    "StreamEvent",
    "TContext",
    "TResponseInputItem",
    "TaskSpanData",
    "Tool",
    "ToolApprovalItem",
    "ToolCallItem",
    "ToolCallOutputItem",
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "ToolExecutionConfig",
    "ToolGuardrailFunctionOutput",
    "ToolGuardrailTripwireTriggered",
    "ToolInputGuardrail",
    "ToolInputGuardrailData",
    "ToolInputGuardrailResult",
    "ToolInputGuardrailTripwireTriggered",
    "ToolNotFoundBehavior",
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputGuardrail",
    "ToolOutputGuardrailData",
    "ToolOutputGuardrailResult",
    "ToolOutputGuardrailTripwireTriggered",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "ToolTimeoutError",
    "ToolsToFinalOutputFunction",
    "ToolsToFinalOutputResult",
    "Trace",
    "TracingProcessor",
    "TranscriptionSpanData",
    "TurnSpanData",
    "Usage",
    "UserError",
    "WebSearchTool",
    "WebSearchToolImageSettings",
    "add_trace_processor",
    "agent_span",
    "apply_diff",
    "custom_span",
    "default_handoff_history_mapper",
    "default_tool_error_function",
    "dispose_resolved_computers",
    "enable_verbose_stdout_logging",
    "flush_traces",
    "function_span",
    "function_tool",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_conversation_history_wrappers",
    "get_current_span",
    "get_current_trace",
    "guardrail_span",
    "handoff",
    "handoff_span",
    "input_guardrail",
    "is_openai_responses_compaction_aware_session",
    "mcp_tools_span",
    "nest_handoff_history",
    "output_guardrail",
    "reset_conversation_history_wrappers",
    "resolve_computer",
    "response_span",
    "responses_websocket_session",
    "retry_policies",
    "run_demo_loop",
    "set_conversation_history_wrappers",
    "set_default_openai_api",
    "set_default_openai_client",
    "set_default_openai_key",
    "set_default_openai_responses_transport",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "set_tracing_export_api_key",
    "speech_group_span",
    "speech_span",
    "task_span",
    "tool_input_guardrail",
    "tool_output_guardrail",
    "trace",
    "transcription_span",
    "turn_span",
]


if TYPE_CHECKING:
    from .tool import (
        ApplyPatchTool as ApplyPatchTool,
    )
    from .tool import (
        ShellActionRequest as ShellActionRequest,
    )
    from .tool import (
        ShellCallData as ShellCallData,
    )
    from .tool import (
        ShellCallOutcome as ShellCallOutcome,
    )
    from .tool import (
        ShellCommandOutput as ShellCommandOutput,
    )
    from .tool import (
        ShellCommandRequest as ShellCommandRequest,
    )
    from .tool import (
        ShellExecutor as ShellExecutor,
    )
    from .tool import (
        ShellResult as ShellResult,
    )
    from .tool import (
        ShellTool as ShellTool,
    )
    from .tool import (
        ShellToolContainerAutoEnvironment as ShellToolContainerAutoEnvironment,
    )
    from .tool import (
        ShellToolContainerNetworkPolicy as ShellToolContainerNetworkPolicy,
    )
    from .tool import (
        ShellToolContainerNetworkPolicyAllowlist as ShellToolContainerNetworkPolicyAllowlist,
    )
    from .tool import (
        ShellToolContainerNetworkPolicyDisabled as ShellToolContainerNetworkPolicyDisabled,
    )
    from .tool import (
        ShellToolContainerNetworkPolicyDomainSecret as ShellToolContainerNetworkPolicyDomainSecret,
    )
    from .tool import (
        ShellToolContainerReferenceEnvironment as ShellToolContainerReferenceEnvironment,
    )
    from .tool import (
        ShellToolContainerSkill as ShellToolContainerSkill,
    )
    from .tool import (
        ShellToolEnvironment as ShellToolEnvironment,
    )
    from .tool import (
        ShellToolHostedEnvironment as ShellToolHostedEnvironment,
    )
    from .tool import (
        ShellToolInlineSkill as ShellToolInlineSkill,
    )
    from .tool import (
        ShellToolInlineSkillSource as ShellToolInlineSkillSource,
    )
    from .tool import (
        ShellToolLocalEnvironment as ShellToolLocalEnvironment,
    )
    from .tool import (
        ShellToolLocalSkill as ShellToolLocalSkill,
    )
    from .tool import (
        ShellToolSkillReference as ShellToolSkillReference,
    )
    from .tool import (
        dispose_resolved_computers as dispose_resolved_computers,
    )
    from .tool import (
        resolve_computer as resolve_computer,
    )

if TYPE_CHECKING:  # the same names, for type checkers and IDEs
    from .agent import (
        Agent,
        AgentBase,
        AgentToolStreamEvent,
        StopAtTools,
        ToolsToFinalOutputFunction,
        ToolsToFinalOutputResult,
    )
    from .agent_output import (
        AgentOutputSchema,
        AgentOutputSchemaBase,
    )
    from .apply_diff import apply_diff
    from .computer import (
        AsyncComputer,
        Button,
        Computer,
        Environment,
    )
    from .editor import ApplyPatchEditor, ApplyPatchOperation, ApplyPatchResult
    from .exceptions import (
        AgentsException,
        GuardrailTripwireTriggered,
        InputGuardrailTripwireTriggered,
        MaxTurnsExceeded,
        MCPToolCancellationError,
        ModelBehaviorError,
        ModelCallDeadlineExceeded,
        ModelRefusalError,
        ModelTimeoutError,
        OutputGuardrailTripwireTriggered,
        RunErrorDetails,
        ToolGuardrailTripwireTriggered,
        ToolInputGuardrailTripwireTriggered,
        ToolOutputGuardrailTripwireTriggered,
        ToolTimeoutError,
        UserError,
    )
    from .guardrail import (
        GuardrailFunctionOutput,
        InputGuardrail,
        InputGuardrailResult,
        OutputGuardrail,
        OutputGuardrailResult,
        input_guardrail,
        output_guardrail,
    )
    from .handoffs import (
        Handoff,
        HandoffInputData,
        HandoffInputFilter,
        handoff,
    )
    from .handoffs.history import (
        default_handoff_history_mapper,
        get_conversation_history_wrappers,
        nest_handoff_history,
        reset_conversation_history_wrappers,
        set_conversation_history_wrappers,
    )
    from .items import (
        CompactionItem,
        HandoffCallItem,
        HandoffOutputItem,
        InputItem,
        ItemHelpers,
        MCPApprovalRequestItem,
        MCPApprovalResponseItem,
        MCPListToolsItem,
        MessageOutputItem,
        ModelResponse,
        ReasoningItem,
        RunItem,
        ToolApprovalItem,
        ToolCallItem,
        ToolCallOutputItem,
        TResponseInputItem,
    )
    from .lifecycle import (
        AgentHooks,
        RunHooks,
    )
    from .logger import (
        enable_verbose_stdout_logging,
    )
    from .memory.openai_conversations_session import (
        OpenAIConversationsSession,
    )
    from .memory.openai_responses_compaction_session import (
        OpenAIResponsesCompactionSession,
    )
    from .memory.session import (
        OpenAIResponsesCompactionArgs,
        OpenAIResponsesCompactionAwareSession,
        Session,
        SessionABC,
        is_openai_responses_compaction_aware_session,
    )
    from .memory.session_settings import (
        SessionSettings,
    )
    from .memory.sqlite_session import (
        SQLiteSession,
    )
    from .model_settings import (
        ModelSettings,
    )
    from .models._openai_shared import (
        set_default_openai_api,
        set_default_openai_client,
        set_default_openai_key,
        set_default_openai_responses_transport,
    )
    from .models.interface import (
        Model,
        ModelProvider,
        ModelTracing,
    )
    from .models.multi_provider import (
        MultiProvider,
    )
    from .models.openai_chatcompletions import (
        OpenAIChatCompletionsModel,
    )
    from .models.openai_provider import (
        OpenAIProvider,
    )
    from .models.openai_responses import (
        OpenAIResponsesModel,
    )
    from .prompts import (
        DynamicPromptFunction,
        GenerateDynamicPromptData,
        Prompt,
    )
    from .repl import (
        run_demo_loop,
    )
    from .responses_websocket_session import ResponsesWebSocketSession, responses_websocket_session
    from .result import (
        AgentToolInvocation,
        RunResult,
        RunResultStreaming,
    )
    from .retry import (
        ModelRetryAdvice,
        ModelRetryAdviceRequest,
        ModelRetryBackoffSettings,
        ModelRetryNormalizedError,
        ModelRetrySettings,
        RetryDecision,
        RetryPolicy,
        RetryPolicyContext,
        retry_policies,
    )
    from .run import (
        Runner,
    )
    from .run_config import (
        ReasoningItemIdPolicy,
        RunConfig,
        ToolErrorFormatter,
        ToolErrorFormatterArgs,
        ToolExecutionConfig,
        ToolNotFoundBehavior,
    )
    from .run_context import (
        AgentHookContext,
        RunContextWrapper,
        TContext,
    )
    from .run_error_handlers import (
        RunErrorData,
        RunErrorHandler,
        RunErrorHandlerInput,
        RunErrorHandlerResult,
        RunErrorHandlers,
    )
    from .run_state import RunState
    from .stream_events import (
        AgentUpdatedStreamEvent,
        RawResponsesStreamEvent,
        RunItemStreamEvent,
        StreamEvent,
    )
    from .tool import (
        CodeInterpreterTool,
        ComputerProvider,
        ComputerTool,
        FileSearchTool,
        FunctionTool,
        FunctionToolResult,
        HostedMCPTool,
        ImageGenerationTool,
        LocalShellCommandRequest,
        LocalShellExecutor,
        LocalShellTool,
        MCPToolApprovalFunction,
        MCPToolApprovalFunctionResult,
        MCPToolApprovalRequest,
        Tool,
        ToolOutputFileContent,
        ToolOutputFileContentDict,
        ToolOutputImage,
        ToolOutputImageDict,
        ToolOutputText,
        ToolOutputTextDict,
        WebSearchTool,
        WebSearchToolImageSettings,
        default_tool_error_function,
        function_tool,
    )
    from .tool_guardrails import (
        ToolGuardrailFunctionOutput,
        ToolInputGuardrail,
        ToolInputGuardrailData,
        ToolInputGuardrailResult,
        ToolOutputGuardrail,
        ToolOutputGuardrailData,
        ToolOutputGuardrailResult,
        tool_input_guardrail,
        tool_output_guardrail,
    )
    from .tracing import (
        add_trace_processor,
        flush_traces,
        set_trace_processors,
        set_tracing_disabled,
        set_tracing_export_api_key,
    )
    from .tracing.create import (
        agent_span,
        custom_span,
        function_span,
        generation_span,
        get_current_span,
        get_current_trace,
        guardrail_span,
        handoff_span,
        mcp_tools_span,
        response_span,
        speech_group_span,
        speech_span,
        task_span,
        trace,
        transcription_span,
        turn_span,
    )
    from .tracing.processor_interface import (
        TracingProcessor,
    )
    from .tracing.setup import (
        set_trace_provider,
    )
    from .tracing.span_data import (
        AgentSpanData,
        CustomSpanData,
        FunctionSpanData,
        GenerationSpanData,
        GuardrailSpanData,
        HandoffSpanData,
        MCPListToolsSpanData,
        ResponseSpanData,
        SpanData,
        SpeechGroupSpanData,
        SpeechSpanData,
        TaskSpanData,
        TranscriptionSpanData,
        TurnSpanData,
    )
    from .tracing.spans import (
        Span,
        SpanError,
    )
    from .tracing.traces import (
        Trace,
    )
    from .tracing.util import (
        gen_span_id,
        gen_trace_id,
    )
    from .usage import (
        Usage,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
