"""(to come)"""
def patch(module):
    pass
