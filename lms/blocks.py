"""The blocks a knowledge check is written with: questions, each with answers and their feedback."""

from wagtail import blocks


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, help_text="The answer as the learner sees it.")
    correct = blocks.BooleanBlock(required=False, help_text="Tick every answer that is right.")
    feedback = blocks.CharBlock(
        required=False, max_length=500, help_text="Shown after answering: why this answer is right or wrong."
    )

    class Meta:
        icon = "tick"
        description = "One answer to choose."


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300, help_text="Ask one thing, in plain words.")
    multiple = blocks.BooleanBlock(
        required=False, help_text="Tick if more than one answer is right (the learner ticks every right one)."
    )
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=8)

    def clean(self, value):
        value = super().clean(value)
        right = sum(1 for answer in value["answers"] if answer["correct"])
        if right == 0:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "answers": blocks.ListBlockValidationError(non_block_errors=["Mark a right answer."])
                }
            )
        if right > 1 and not value["multiple"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "multiple": "Several answers are marked right: tick 'multiple', or mark only one."
                }
            )
        return value

    class Meta:
        icon = "help"
        template = "lms/blocks/question.html"
        description = "A question with answers to choose from."
        preview_value = {
            "question": "Who should you tell if you think someone is being abused?",
            "multiple": False,
            "answers": [
                {
                    "text": "Your manager, following the safeguarding policy",
                    "correct": True,
                    "feedback": "Yes.",
                },
                {"text": "Nobody, in case you are wrong", "correct": False, "feedback": "Always report it."},
            ],
        }


class QuestionsBlock(blocks.StreamBlock):
    question = QuestionBlock()
