# Binds one JavaScript tool of the host page as a Python function (see host_tools.py).
# This is a template: the widget app replaces each __PLACEHOLDER__ before defining the
# tool, __TOOL__ with the tool's name and the others with JSON string literals.


def _codeact_host_tools_module(source):
    import sys
    import types

    module = sys.modules.get("codeact_host_tools")
    if module is None:
        module = types.ModuleType("codeact_host_tools")
        exec(compile(source, "codeact_host_tools.py", "exec"), module.__dict__)
        sys.modules["codeact_host_tools"] = module
    return module


_codeact_host_tools_module(__HELPER_SOURCE__).register(
    __CHANNEL__, __NAME__, __SIGNATURE__, __DESCRIPTION__
)
del _codeact_host_tools_module


async def __TOOL__(*args, **kwargs):
    import codeact_host_tools

    return await codeact_host_tools.call(__NAME__, *args, **kwargs)


__TOOL__.__doc__ = __import__("codeact_host_tools").describe(__NAME__)
