"""The one exception an input may fail with."""


class ImportFailure(Exception):
    """An input that cannot become a post.

    Its message is shown to the editor as the reason, after the input's name,
    so it says what is wrong in the editor's terms and, where possible, what to do.
    """
