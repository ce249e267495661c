from enum import StrEnum


class ObligorViewRelation(StrEnum):
    ADULT_CHILD = "adult_child"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    PARENT = "parent"
    SIBLING = "sibling"
    SPOUSE_APART = "spouse_apart"

    def __str__(self) -> str:
        return str(self.value)
