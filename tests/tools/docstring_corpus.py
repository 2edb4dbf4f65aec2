"""Docstring corpus shared by the hand-run upstream comparison and the docstring tests.

Each entry is (case id, style passed to the parser or None for auto-detection, docstring).
"""

from __future__ import annotations

CORPUS: list[tuple[str, str | None, str]] = [
    (
        "google_basic",
        None,
        """Add two numbers.

    Args:
        a: The first number.
        b: The second number.

    Returns:
        The sum.
    """,
    ),
    (
        "google_types_multiline",
        None,
        """Fetch weather for a city.

    Longer explanation of what this does,
    spanning two lines.

    Args:
        city (str): The city name,
            which may include the country.
        days (int, optional): How many days. Defaults to 1.
        *args: Extra positional things.
        **kwargs: Extra keyword things.

    Raises:
        ValueError: When the city is unknown.

    Returns:
        dict: The forecast.
    """,
    ),
    (
        "google_arguments_header",
        None,
        """Do a thing.

    Arguments:
        x: the x value
        y: the y value
    """,
    ),
    (
        "google_no_blank_before_args",
        None,
        """Summary line.
    Args:
        q: The query.
    """,
    ),
    (
        "google_only_args",
        None,
        """Args:
        q: The query.
        r: The other.
    """,
    ),
    (
        "google_blank_lines_in_param",
        "google",
        """Summary.

    Args:
        a: First paragraph of a.

            Second paragraph of a.
        b: B.
    """,
    ),
    ("plain_summary", None, """Just a summary without sections."""),
    (
        "plain_multi_paragraph",
        None,
        """First paragraph.

    Second paragraph
    continues here.
    """,
    ),
    (
        "numpy_basic",
        None,
        """Compute the thing.

    Parameters
    ----------
    a : int
        The first value.
    b : str, optional
        The second value,
        over two lines.

    Returns
    -------
    int
        The result.
    """,
    ),
    (
        "numpy_no_type",
        None,
        """Summary.

    Parameters
    ----------
    x
        Described without type.
    y : float
        Y.
    """,
    ),
    (
        "numpy_multi_names",
        "numpy",
        """Summary.

    Parameters
    ----------
    x, y : int
        Both coordinates.
    """,
    ),
    (
        "sphinx_basic",
        None,
        """Sphinx summary.

    :param a: The a param.
    :param b: The b param.
    :return: Something.
    """,
    ),
    (
        "sphinx_typed",
        None,
        """Sphinx typed.

    More text.

    :param int a: Typed inline.
    :type b: str
    :param b: Typed separately,
        continued on the next line.
    :returns: Nothing.
    :rtype: None
    """,
    ),
    (
        "sphinx_raises",
        None,
        """Raises stuff.

    :param x: X value.
    :raises ValueError: if bad.
    """,
    ),
    (
        "explicit_google_on_sphinx_text",
        "google",
        """Summary.

    :param a: Sphinx style but parsed as google.
    """,
    ),
    (
        "google_explicit",
        "google",
        """Summary here.

    Args:
        name: A name.
    """,
    ),
    (
        "sphinx_explicit",
        "sphinx",
        """Summary here.

    :param name: A name.
    """,
    ),
    (
        "numpy_explicit",
        "numpy",
        """Summary here.

    Parameters
    ----------
    name : str
        A name.
    """,
    ),
    (
        "google_params_header",
        None,
        """Summary.

    Parameters:
        p: P value.
    """,
    ),
    (
        "google_example_then_args",
        "google",
        """Summary.

    Example:
        do_it()
    Args:
        a: A value.
    """,
    ),
    (
        "google_colon_in_desc",
        None,
        """Summary.

    Args:
        url: A URL like http://example.com: keep the colon.
        ratio (float): Ratio: a number.
    """,
    ),
    (
        "google_returns_only",
        None,
        """Summary.

    Returns:
        A thing.
    """,
    ),
    (
        "mixed_sphinx_google",
        None,
        """Summary.

    Args:
        a: google a

    :param b: sphinx b
    :return: r
    """,
    ),
    (
        "google_code_fence",
        "google",
        """Run code.

    ```
    Args:
        not: a section
    ```

    Args:
        real: yes
    """,
    ),
    (
        "google_keyword_args_ignored",
        None,
        """Summary.

    Args:
        a: A.

    Keyword Args:
        b: B is keyword.
    """,
    ),
    (
        "google_param_without_colon",
        None,
        """Summary.

    Args:
        a A without colon
        b: B.
    """,
    ),
    (
        "google_note_admonition_first",
        "google",
        """Summary.

    Note:
        Be careful.

    Args:
        a: A.
    """,
    ),
    (
        "google_text_after_sections",
        "google",
        """Args:
        a: A.

    Trailing text.
    """,
    ),
    (
        "numpy_notes_then_params",
        None,
        """Summary.

    Notes
    -----
    Some notes.

    Parameters
    ----------
    a : int
        A.
    """,
    ),
    (
        "numpy_default_and_choices",
        None,
        """Summary.

    Parameters
    ----------
    a : int, default 3
        A.
    b : {'x', 'y'}
        B.
    *args
        Rest.
    """,
    ),
    (
        "sphinx_only_fields",
        None,
        """:param a: A.
    :param b: B.
    """,
    ),
    (
        "sphinx_duplicate_param",
        None,
        """Summary.

    :param a: first
    :param a: second
    """,
    ),
    (
        "sphinx_text_after_fields",
        None,
        """Summary.

    :param a: A.

    Trailing text belongs to the field.
    """,
    ),
    (
        "whitespace_only_lines",
        None,
        """Summary.
    \n    Args:
        a: A.
    """,
    ),
    (
        "google_arg_indent_two",
        None,
        """Summary.

    Args:
      a: two-space indent
        continued
      b: bee
    """,
    ),
]
