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


__TOOL__ = _codeact_host_tools_module(__HELPER_SOURCE__).make_host_tool(
    __CHANNEL__, __NAME__, __SIGNATURE__, __DESCRIPTION__
)
del _codeact_host_tools_module
