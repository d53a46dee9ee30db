"""Host JavaScript tools, callable from the agent's Python in the widget.

The host page implements the tool; the widget app relays the call. This module only
talks to the widget app's main thread over a BroadcastChannel whose name is random
per widget session, so Python reaches nothing of the host page but the tools the host
registered. Arguments and results cross as JSON.

Every host tool is an async function: the model writes `result = await name(...)`.
"""

import asyncio
import inspect
import itertools
import json

from js import BroadcastChannel
from pyodide.ffi import create_proxy

_calls = itertools.count(1)
_pending = {}
_channels = {}


class HostToolError(Exception):
    """The host page's tool failed or is not available."""


def _on_message(event):
    try:
        msg = json.loads(event.data)
    except (TypeError, ValueError):
        return
    if not isinstance(msg, dict) or msg.get("type") != "result":
        return
    future = _pending.pop(msg.get("id"), None)
    if future is None or future.done():
        return
    if msg.get("ok"):
        future.set_result(json.loads(msg["value"]))
    else:
        future.set_exception(HostToolError(msg.get("error", "the host tool failed")))


def _channel(name):
    if name not in _channels:
        channel = BroadcastChannel.new(name)
        channel.onmessage = create_proxy(_on_message)
        _channels[name] = channel
    return _channels[name]


def _bind_arguments(signature, args, kwargs):
    """Name every argument with the declared signature, so the host gets a JSON object."""
    namespace = {}
    exec(f"def _declared{signature}: pass", {}, namespace)
    bound = inspect.signature(namespace["_declared"]).bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def make_host_tool(channel_name, name, signature, description):
    async def tool(*args, **kwargs):
        arguments = _bind_arguments(signature, args, kwargs)
        call_id = f"{name}-{next(_calls)}"
        future = asyncio.get_running_loop().create_future()
        _pending[call_id] = future
        payload = {"type": "call", "id": call_id, "name": name, "args": json.dumps(arguments)}
        _channel(channel_name).postMessage(json.dumps(payload))
        return await future

    tool.__name__ = name
    tool.__qualname__ = name
    tool.__doc__ = f"{description}\n\nHost page tool (async): use `await {name}{signature}`."
    return tool


tools = {}


def register(channel_name, name, signature, description):
    tools[name] = make_host_tool(channel_name, name, signature, description)


async def call(name, *args, **kwargs):
    if name not in tools:
        raise HostToolError(f"{name} is not a registered host tool (was Python restarted?)")
    return await tools[name](*args, **kwargs)


def describe(name):
    return tools[name].__doc__
